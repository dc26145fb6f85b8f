import { isPlaceholder } from './placeholder';
import type { SecretRule } from './rules';
import { looksRandom } from './secret-value';

const random =
  (minEntropy?: number) =>
  (value: string): boolean =>
    looksRandom(value, minEntropy);

/**
 * Tokens whose provider gave them a recognisable prefix or place (gitleaks' rules for the same
 * providers are the reference: github.com/gitleaks/gitleaks config/gitleaks.toml). Each has a
 * keyword, so a text without it never runs the regex; each rejects placeholders.
 */
export const PROVIDER_RULES: readonly SecretRule[] = [
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key (AccountKey=… in a connection string)',
    keywords: ['accountkey='],
    pattern: /AccountKey=(?<value>[A-Za-z0-9+/]{86}==)/dg,
    accept: random(4),
  },
  {
    id: 'azure-client-secret',
    description: 'Azure AD (Entra ID) application client secret (…Q~…)',
    keywords: ['q~'],
    pattern:
      /(?<![A-Za-z0-9_~.-])(?<value>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/dg,
    accept: random(3.5),
  },
  {
    id: 'gcp-oauth-access-token',
    description: 'Google OAuth access token (ya29.)',
    keywords: ['ya29.'],
    pattern: /\b(?<value>ya29\.[0-9A-Za-z_-]{30,})/dg,
    accept: random(),
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean token (dop_v1_ personal, doo_v1_ OAuth, dor_v1_ refresh)',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: /\b(?<value>do[opr]_v1_[a-f0-9]{64})\b/dg,
    accept: random(3),
  },
  {
    id: 'heroku-api-key',
    description: 'Heroku API key (HRKU- or a UUID assigned to a heroku key/token name)',
    keywords: ['hrku-', 'heroku'],
    pattern:
      /\b(?<value>HRKU-[A-Za-z0-9_-]{60})\b|heroku[\w.-]{0,20}(?:key|token)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?(?<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/dgi,
    accept: random(3),
  },
  {
    id: 'bitbucket-app-password',
    description: 'Bitbucket / Atlassian API token (ATBB…, ATATT…)',
    keywords: ['atbb', 'atatt'],
    pattern: /\b(?<value>(?:ATBB|ATATT)[A-Za-z0-9_=.-]{32,})/dg,
    accept: random(),
  },
  {
    id: 'discord-bot-token',
    description: 'Discord bot token near the word discord',
    keywords: ['discord'],
    pattern: /\b(?<value>[MN][A-Za-z0-9]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})\b/dg,
    accept: random(),
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL (discord.com/api/webhooks/…)',
    keywords: ['discord'],
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/(?<value>[A-Za-z0-9_-]{60,68})/dg,
    accept: random(),
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token (bot id, colon, AA…)',
    keywords: [':aa'],
    keywordOffset: 10,
    pattern: /\b(?<value>[0-9]{8,10}:AA[0-9A-Za-z_-]{33})(?![0-9A-Za-z_-])/dg,
    accept: random(),
  },
  {
    id: 'square-token',
    description: 'Square access token or OAuth secret (sq0atp-, sq0csp-)',
    keywords: ['sq0atp-', 'sq0csp-'],
    pattern: /\b(?<value>sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43})(?![0-9A-Za-z_-])/dg,
    accept: random(),
  },
  {
    id: 'shopify-token',
    description: 'Shopify access token or shared secret (shpat_, shpca_, shppa_, shpss_)',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /\b(?<value>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/dg,
    accept: random(3),
  },
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key (SG.…)',
    keywords: ['sg.'],
    keywordOffset: 0,
    pattern: /\b(?<value>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
    accept: random(),
  },
  {
    id: 'mailgun-api-key',
    description: 'Mailgun API key (key- and 32 hex digits)',
    keywords: ['key-'],
    keywordOffset: 0,
    pattern: /\b(?<value>key-[0-9a-f]{32})\b/dg,
    accept: random(3),
  },
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key (32 hex digits and a -us data centre)',
    keywords: ['-us'],
    keywordOffset: 32,
    pattern: /\b(?<value>[0-9a-f]{32}-us[0-9]{1,2})\b/dg,
    accept: random(3),
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key (SK and 32 hex digits)',
    keywords: ['sk'],
    keywordOffset: 0,
    pattern: /\b(?<value>SK[0-9a-f]{32})\b/dg,
    accept: random(3),
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token (hf_, api_org_)',
    keywords: ['hf_', 'api_org_'],
    pattern: /\b(?<value>(?:hf_|api_org_)[A-Za-z]{34})\b/dg,
    accept: random(),
  },
  {
    id: 'pypi-token',
    description: 'PyPI upload token (pypi-AgEIcHlwaS5vcmc…)',
    keywords: ['pypi-ageichlwas5vcmc'],
    pattern: /\b(?<value>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/dg,
    accept: (value) => !isPlaceholder(value),
  },
  {
    id: 'docker-hub-token',
    description: 'Docker Hub personal access token (dckr_pat_)',
    keywords: ['dckr_pat_'],
    pattern: /\b(?<value>dckr_pat_[A-Za-z0-9_-]{27,})/dg,
    accept: random(),
  },
  {
    id: 'datadog-api-key',
    description: 'Datadog API or application key assigned to a DD_API_KEY / DD_APP_KEY / datadog name',
    keywords: ['datadog', 'dd_api', 'dd_app', 'dd-api', 'dd-app'],
    pattern:
      /(?:datadog|dd)[\w.-]{0,20}(?:api|app|application)[_-]?key["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?(?<value>[a-f0-9]{40}|[a-f0-9]{32})\b/dgi,
    accept: random(3),
  },
  {
    id: 'new-relic-key',
    description: 'New Relic user, ingest or browser key (NRAK-, NRII-, NRJS-, NRAA-)',
    keywords: ['nrak-', 'nrii-', 'nrjs-', 'nraa-'],
    pattern: /\b(?<value>NR(?:AK|II|JS|AA)-[A-Za-z0-9]{19,32})\b/dg,
    accept: random(3),
  },
  {
    id: 'sentry-token',
    description: 'Sentry organisation or user auth token (sntrys_, sntryu_)',
    keywords: ['sntrys_', 'sntryu_'],
    pattern: /\b(?<value>sntrys_[A-Za-z0-9+/=_]{40,}|sntryu_[a-f0-9]{64})/dg,
    accept: random(3),
  },
];
