import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake } from './fake-secrets';
import { PROVIDER_RULES } from './provider-rules';
import { findSecrets } from './scan-text';

const rulesIn = (text: string): string[] =>
  findSecrets(text, { path: 'deploy/settings.txt' }).map((f) => f.rule);

describe('PROVIDER_RULES', () => {
  it.each([
    [
      'azure-storage-account-key',
      () => `DefaultEndpointsProtocol=https;AccountKey=${fake.azureStorageKey()};`,
    ],
    ['azure-client-secret', () => `AZURE_CLIENT_SECRET=${fake.azureClientSecret()}`],
    ['gcp-oauth-access-token', () => `curl -H "x: ${fake.gcpAccessToken()}"`],
    ['digitalocean-token', () => `export DIGITALOCEAN=${fake.digitalOceanToken()}`],
    ['heroku-api-key', () => `HEROKU=${fake.herokuKey()}`],
    ['heroku-api-key', () => 'heroku_api_key = "9f1c2a77-4b3e-4d2a-8c1e-5a7b9d0e3f21"'],
    ['bitbucket-app-password', () => `bb ${fake.bitbucketToken()}`],
    ['discord-bot-token', () => `discord client login ${fake.discordBotToken()}`],
    ['discord-webhook-url', () => `notify ${fake.discordWebhook()}`],
    ['telegram-bot-token', () => `bot ${fake.telegramBotToken()}`],
    ['square-token', () => `square ${fake.squareToken()}`],
    ['shopify-token', () => `shop ${fake.shopifyToken()}`],
    ['sendgrid-api-key', () => `mail ${fake.sendgridKey()}`],
    ['mailgun-api-key', () => `mg ${fake.mailgunKey()}`],
    ['mailchimp-api-key', () => `mc ${fake.mailchimpKey()}`],
    ['twilio-api-key', () => `twilio ${fake.twilioKey()}`],
    ['huggingface-token', () => `HF ${fake.huggingFaceToken()}`],
    ['pypi-token', () => `password = ${fake.pypiToken()}`],
    ['docker-hub-token', () => `docker login -p ${fake.dockerHubToken()}`],
    ['datadog-api-key', () => `DD_API_KEY=${fake.datadogKey()}`],
    ['new-relic-key', () => `NEW_RELIC ${fake.newRelicKey()}`],
    ['sentry-token', () => `SENTRY ${fake.sentryToken()}`],
  ])('%s finds its token', (rule, text) => {
    expect(rulesIn(text())).toContain(rule);
  });

  it.each([
    ['a placeholder Shopify token', `shpat_${'x'.repeat(32)}`],
    ['an example Hugging Face token', 'hf_exampleexampleexampleexampleexam'],
    ['a Docker Hub placeholder', 'dckr_pat_your-token-goes-here-please'],
    ['a Mailgun key of zeros', `key-${'0'.repeat(32)}`],
    ['a Discord-shaped string without the word', fake.discordBotToken().replace('M', 'N')],
  ])('does not flag %s', (_label, text) => {
    expect(rulesIn(text)).toEqual([]);
  });

  it('gives every rule a keyword, so a text without one runs none of them', () => {
    for (const rule of PROVIDER_RULES) expect(rule.keywords.length).toBeGreaterThan(0);
    for (const rule of PROVIDER_RULES)
      for (const keyword of rule.keywords) expect(keyword).toBe(keyword.toLowerCase());
  });
});
