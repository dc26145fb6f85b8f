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

/** One kind of secret as it shows up in tool output, and the part of it that must never be stored. */
export interface SecretSample {
  kind: string;
  /** A line of output holding it, as a command or a log would print it. */
  text: string;
  /** What must not appear anywhere in what is stored. */
  secret: string;
}

/**
 * The 17 kinds of secret of issue 10, each in the context it leaks in: a git remote, a test log,
 * an env dump, a curl command. `configured` is a value the project configured (N8N_API_KEY),
 * which only an exact-value match can know.
 */
export function secretSamples(configured = randomChars('configured', 32)): SecretSample[] {
  const pem = fakeSecrets.privateKeyPem('RSA ', 'sample');
  const bearer = randomChars('bearer', 40, `${BASE62}-._`);
  const password = fakeSecrets.password('sample');
  const connection = fakeSecrets.password('connection');
  const samples: [string, string, string][] = [
    ['aws-access-key-id', `export AWS_ACCESS_KEY_ID=${fakeSecrets.awsAccessKeyId('sample')}`, ''],
    ['aws-secret-access-key', `aws_secret_access_key = ${fakeSecrets.awsSecretAccessKey('sample')}`, ''],
    ['github-token', `remote: https://x:${fakeSecrets.githubToken('p', 'sample')}@github.com/a/b.git`, ''],
    ['github-fine-grained-token', `GH_TOKEN=${fakeSecrets.githubFineGrained('sample')}`, ''],
    ['slack-token', `slack bot token ${fakeSecrets.slackBotToken('sample')} rejected`, ''],
    ['slack-webhook-url', `POST ${fakeSecrets.slackWebhook('sample')} 200`, ''],
    ['private-key', `cat id_rsa\n${pem}`, pem.split('\n')[1] ?? ''],
    ['jwt', `Set-Cookie: session=${fakeSecrets.jwt('sample')}; HttpOnly`, ''],
    ['stripe-secret-key', `STRIPE_KEY: ${fakeSecrets.stripeLive('sample')}`, ''],
    ['anthropic-api-key', `using key ${fakeSecrets.anthropicKey('sample')}`, ''],
    ['openai-api-key', `OPENAI_API_KEY=${fakeSecrets.openaiProject('sample')}`, ''],
    ['sendgrid-api-key', `mail via ${fakeSecrets.sendgridKey('sample')}`, ''],
    ['password', `FAIL login test: password=${password} was refused`, password],
    ['bearer-token', `curl -H "Authorization: Bearer ${bearer}" https://api.example.com`, bearer],
    [
      'connection-string-password',
      `DATABASE_URL=postgres://app:${connection}@db.internal:5432/prod`,
      connection,
    ],
    ['gitlab-token', `git push https://oauth2:${fakeSecrets.gitlabToken('sample')}@gitlab.com/a/b.git`, ''],
    ['configured-value', `n8n answered 401 for api key ${configured}`, configured],
  ];
  return samples.map(([kind, text, secret]) => ({ kind, text, secret: secret || secretOf(text) }));
}

/** The token in a sample line: its longest run of token characters. */
function secretOf(text: string): string {
  const runs = text.match(/[A-Za-z0-9_\-+/=.]{20,}/g) ?? [];
  return runs.sort((a, b) => b.length - a.length)[0] ?? text;
}
