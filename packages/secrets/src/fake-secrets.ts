import { createHash } from 'node:crypto';

// Realistic fake secrets, generated at run time so that no source file of this repository holds a
// literal that a secret scanner (ours or anyone's) would report. Deterministic per label.

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE62 = `${UPPER}${LOWER}${DIGITS}`;

/** `length` characters of `alphabet`, pseudo-random but the same for the same label. */
export function randomChars(label: string, length: number, alphabet = BASE62): string {
  let out = '';
  for (let round = 0; out.length < length; round += 1) {
    for (const byte of createHash('sha256').update(`${label}:${round}`).digest()) {
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

const join = (...parts: string[]) => parts.join('');

export const fakeSecrets = {
  awsAccessKeyId: (label = 'aws-id') => join('AK', 'IA', randomChars(label, 16, `${UPPER}${DIGITS}`)),
  awsTemporaryKeyId: (label = 'aws-temp') => join('AS', 'IA', randomChars(label, 16, `${UPPER}${DIGITS}`)),
  awsSecretAccessKey: (label = 'aws-secret') => randomChars(label, 40, `${BASE62}/+`),
  githubToken: (kind: 'p' | 'o' | 'u' | 's' | 'r' = 'p', label = 'gh') =>
    join('gh', kind, '_', randomChars(label, 36)),
  githubFineGrained: (label = 'ghpat') =>
    join('github', '_pat_', randomChars(`${label}a`, 22), '_', randomChars(`${label}b`, 59)),
  gitlabToken: (label = 'glpat') => join('gl', 'pat-', randomChars(label, 20)),
  slackBotToken: (label = 'slack') =>
    join(
      'xo',
      'xb-',
      randomChars(`${label}1`, 12, DIGITS),
      '-',
      randomChars(`${label}2`, 13, DIGITS),
      '-',
      randomChars(label, 24),
    ),
  slackWebhook: (label = 'hook') =>
    join(
      'https://hooks.',
      'slack.com/services/T',
      randomChars(`${label}t`, 8, `${UPPER}${DIGITS}`),
      '/B',
      randomChars(`${label}b`, 10, `${UPPER}${DIGITS}`),
      '/',
      randomChars(label, 24),
    ),
  stripeLive: (label = 'stripe') => join('sk', '_live_', randomChars(label, 24)),
  stripeRestricted: (label = 'rk') => join('rk', '_live_', randomChars(label, 24)),
  stripeTest: (label = 'stripe-test') => join('sk', '_test_', randomChars(label, 24)),
  stripePublishable: (label = 'pk') => join('pk', '_live_', randomChars(label, 24)),
  openaiProject: (label = 'openai') => join('sk', '-proj-', randomChars(label, 74, `${BASE62}_-`), 'A'),
  openaiLegacy: (label = 'openai-legacy') =>
    join('sk', '-', randomChars(label, 20), 'T3Blbk', 'FJ', randomChars(`${label}2`, 20)),
  anthropicKey: (label = 'anthropic') =>
    join('sk', '-ant-', 'api03-', randomChars(label, 93, `${BASE62}_-`), 'AA'),
  googleApiKey: (label = 'google') => join('AI', 'za', randomChars(label, 35, `${BASE62}_-`)),
  npmToken: (label = 'npm') => join('np', 'm_', randomChars(label, 36)),
  privateKeyBody: (label = 'pem') => randomChars(label, 64 * 4, `${BASE62}+/`),
  privateKeyPem(kind = 'RSA ', label = 'pem') {
    const body = this.privateKeyBody(label).match(/.{1,64}/g) ?? [];
    return [
      join('-----', 'BEGIN ', kind, 'PRIVATE KEY-----'),
      ...body,
      join('-----', 'END ', kind, 'PRIVATE KEY-----'),
    ].join('\n');
  },
  serviceAccountJson(label = 'gsa') {
    const key = this.privateKeyPem('', label).split('\n').join('\\n');
    return [
      '{',
      `  "type": "service_account",`,
      `  "project_id": "billing-prod-4411",`,
      `  "private_key_id": "${randomChars(`${label}id`, 40, '0123456789abcdef')}",`,
      `  "private_key": "${key}\\n",`,
      `  "client_email": "deployer@billing-prod-4411.iam.gserviceaccount.com"`,
      '}',
    ].join('\n');
  },
  jwt(label = 'jwt') {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'u_83f1', role: 'admin', iat: 1763769600 })).toString(
      'base64url',
    );
    return join(header, '.', payload, '.', randomChars(label, 43, `${BASE62}_-`));
  },
  azureStorageKey: (label = 'azure') => join(randomChars(label, 86, `${BASE62}+/`), '=='),
  azureClientSecret: (label = 'entra') =>
    join(randomChars(label, 3), '8Q', '~', randomChars(`${label}2`, 34)),
  gcpAccessToken: (label = 'ya29') => join('ya', '29.', randomChars(label, 60, `${BASE62}_-`)),
  digitalOceanToken: (label = 'do') => join('do', 'p_v1_', randomChars(label, 64, '0123456789abcdef')),
  herokuKey: (label = 'heroku') => join('HR', 'KU-', randomChars(label, 60, `${BASE62}_-`)),
  bitbucketToken: (label = 'atbb') => join('AT', 'BB', randomChars(label, 32)),
  discordBotToken: (label = 'discord') =>
    join('M', randomChars(label, 23), '.', randomChars(`${label}2`, 6), '.', randomChars(`${label}3`, 27)),
  discordWebhook: (label = 'discord-hook') =>
    join(
      'https://discord',
      '.com/api/webhooks/',
      randomChars(label, 18, DIGITS),
      '/',
      randomChars(`${label}2`, 68),
    ),
  telegramBotToken: (label = 'telegram') =>
    join(randomChars(label, 10, DIGITS), ':', 'AA', randomChars(`${label}2`, 33, `${BASE62}_-`)),
  squareToken: (label = 'square') => join('sq0', 'atp-', randomChars(label, 22)),
  shopifyToken: (label = 'shopify') => join('shp', 'at_', randomChars(label, 32, '0123456789abcdef')),
  sendgridKey: (label = 'sendgrid') =>
    join('SG', '.', randomChars(label, 22), '.', randomChars(`${label}2`, 43)),
  mailgunKey: (label = 'mailgun') => join('key', '-', randomChars(label, 32, '0123456789abcdef')),
  mailchimpKey: (label = 'mailchimp') => join(randomChars(label, 32, '0123456789abcdef'), '-us', '14'),
  twilioKey: (label = 'twilio') => join('S', 'K', randomChars(label, 32, '0123456789abcdef')),
  huggingFaceToken: (label = 'hf') => join('hf', '_', randomChars(label, 34, `${UPPER}${LOWER}`)),
  pypiToken: (label = 'pypi') => join('pypi-', 'AgEIcHlwaS5vcmc', randomChars(label, 70, `${BASE62}_-`)),
  dockerHubToken: (label = 'docker') => join('dckr', '_pat_', randomChars(label, 27)),
  datadogKey: (label = 'datadog') => randomChars(label, 32, '0123456789abcdef'),
  newRelicKey: (label = 'newrelic') => join('NR', 'AK-', randomChars(label, 27, `${UPPER}${DIGITS}`)),
  sentryToken: (label = 'sentry') => join('sntry', 'u_', randomChars(label, 64, '0123456789abcdef')),
  password: (label = 'pw') => `${randomChars(label, 10)}!${randomChars(`${label}2`, 5)}`,
};
