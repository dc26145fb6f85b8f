import { describe, expect, it } from 'vitest';
import { fakeSecrets as fake, randomChars } from './fake-secrets';
import { RULES, SECRET_RULES } from './rules';
import { scanText } from './scan-text';

/** The rule ids found in `text`, as if it were the file `file`. */
function rulesIn(text: string, file = 'config/settings.txt'): string[] {
  return scanText(text, file).map((finding) => finding.rule);
}

describe('SECRET_RULES', () => {
  it('lists every rule once with a description', () => {
    const ids = SECRET_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(RULES.map((rule) => rule.id));
    for (const rule of SECRET_RULES) expect(rule.description.length).toBeGreaterThan(10);
  });

  it('compiles every pattern global with indices, so matchAll reports value positions', () => {
    for (const rule of RULES) expect(rule.pattern.flags).toContain('d');
  });
});

describe('aws-access-key-id', () => {
  it.each([
    ['env file', () => `AWS_ACCESS_KEY_ID=${fake.awsAccessKeyId()}`],
    ['temporary key in JSON', () => `{"AccessKeyId": "${fake.awsTemporaryKeyId()}"}`],
    ['credentials file', () => `[default]\naws_access_key_id = ${fake.awsAccessKeyId('other')}`],
  ])('finds a key id in a %s', (_label, text) => {
    expect(rulesIn(text())).toContain('aws-access-key-id');
  });

  it.each([
    ['the documented example', ['AKIA', 'IOSFODNN7EXAMPLE'].join('')],
    ['a zero key', ['AKIA', '0000000000000000'].join('')],
    ['too short', ['AKIA', 'Q3MZ7TX2'].join('')],
    ['lower case', ['akia', 'q3mz7tx2rcvl5npb'].join('')],
    ['inside a longer word', ['XAKIA', 'Q3MZ7TX2RCVL5NPB'].join('')],
  ])('ignores %s', (_label, value) => {
    expect(rulesIn(`key = ${value}`)).not.toContain('aws-access-key-id');
  });
});

describe('aws-secret-access-key', () => {
  it.each([
    () => `aws_secret_access_key = ${fake.awsSecretAccessKey()}`,
    () => `AWS_SECRET_ACCESS_KEY="${fake.awsSecretAccessKey('b')}"`,
    () => `  secretAccessKey: '${fake.awsSecretAccessKey('c')}',`,
  ])('finds a secret key in context (%#)', (text) => {
    expect(rulesIn(text(), 'src/aws.ts')).toEqual(['aws-secret-access-key']);
  });

  it.each([
    [
      'the documented example',
      `aws_secret_access_key = ${['wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'].join('')}`,
    ],
    ['a 40-character value without the name', `checksum = ${randomChars('sum', 40)}`],
    ['an env reference', 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}'],
  ])('ignores %s', (_label, text) => {
    expect(rulesIn(text)).not.toContain('aws-secret-access-key');
  });
});

describe('github-token and github-fine-grained-token', () => {
  it.each(['p', 'o', 'u', 's', 'r'] as const)('finds a gh%s_ token', (kind) => {
    expect(rulesIn(`token: ${fake.githubToken(kind, kind)}`)).toEqual(['github-token']);
  });

  it('finds a fine-grained token', () => {
    expect(rulesIn(`GH_TOKEN=${fake.githubFineGrained()}`)).toEqual(['github-fine-grained-token']);
  });

  it.each([
    ['placeholder', `token: ${['ghp', '_', 'x'.repeat(36)].join('')}`],
    ['too short', `id: ${['ghp', '_', randomChars('s', 20)].join('')}`],
    ['other prefix', `id: ${['ghx', '_', randomChars('t', 36)].join('')}`],
    ['prose', 'use a ghp_ token from the settings page'],
  ])('ignores a %s', (_label, text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});

describe('gitlab-token', () => {
  it('finds a glpat- token', () => {
    expect(rulesIn(`GITLAB_TOKEN=${fake.gitlabToken()}`)).toEqual(['gitlab-token']);
  });

  it('ignores a placeholder and a short value', () => {
    expect(rulesIn(`GITLAB_TOKEN=${['glpat', '-', 'xxxxxxxxxxxxxxxxxxxx'].join('')}`)).toEqual([]);
    expect(rulesIn(`GITLAB_TOKEN=${['glpat', '-', 'abc'].join('')}`)).toEqual([]);
  });
});

describe('slack-token and slack-webhook-url', () => {
  it('finds a bot token and a webhook URL', () => {
    expect(rulesIn(`SLACK_BOT_TOKEN=${fake.slackBotToken()}`)).toEqual(['slack-token']);
    expect(rulesIn(`webhook: ${fake.slackWebhook()}`)).toEqual(['slack-webhook-url']);
  });

  it('ignores placeholders and other Slack URLs', () => {
    expect(rulesIn(`SLACK_BOT_TOKEN=${['xoxb', '-your-bot-token'].join('')}`)).toEqual([]);
    expect(
      rulesIn(
        `webhook: ${['https://hooks.', 'slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'].join('')}`,
      ),
    ).toEqual([]);
    expect(rulesIn('see https://api.slack.com/messaging/webhooks')).toEqual([]);
  });
});

describe('stripe-secret-key', () => {
  it('finds live secret and restricted keys', () => {
    expect(rulesIn(`STRIPE_SECRET_KEY=${fake.stripeLive()}`)).toEqual(['stripe-secret-key']);
    expect(rulesIn(`const stripe = new Stripe('${fake.stripeRestricted()}');`, 'src/pay.ts')).toEqual([
      'stripe-secret-key',
    ]);
  });

  it('does not report test-mode or publishable keys (lower risk by design)', () => {
    expect(rulesIn(`const stripe = new Stripe('${fake.stripeTest()}');`, 'src/pay.ts')).toEqual([]);
    expect(rulesIn(`const stripe = loadStripe('${fake.stripePublishable()}');`, 'src/pay.ts')).toEqual([]);
  });
});

describe('openai-api-key and anthropic-api-key', () => {
  it('finds project and legacy OpenAI keys', () => {
    expect(rulesIn(`OPENAI_API_KEY=${fake.openaiProject()}`)).toEqual(['openai-api-key']);
    expect(rulesIn(`openai.api_key = "${fake.openaiLegacy()}"`, 'app.py')).toEqual(['openai-api-key']);
  });

  it('reports an Anthropic key as anthropic-api-key, not as an OpenAI key', () => {
    expect(rulesIn(`ANTHROPIC_API_KEY=${fake.anthropicKey()}`)).toEqual(['anthropic-api-key']);
  });

  it.each([
    ['placeholder', `OPENAI_API_KEY=${['sk', '-proj-your-key-here'].join('')}`],
    ['short sk- value', `OPENAI_API_KEY=${['sk', '-1234'].join('')}`],
    ['sk- in a word', 'the task-runner and disk-usage'],
    ['Anthropic placeholder', `ANTHROPIC_API_KEY=${['sk', '-ant-', 'x'.repeat(40)].join('')}`],
  ])('ignores a %s', (_label, text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});

describe('google-api-key and google-service-account-key', () => {
  it('finds an API key', () => {
    expect(rulesIn(`const maps = "${fake.googleApiKey()}";`, 'web/map.js')).toEqual(['google-api-key']);
  });

  it('finds a service-account key once, as a service-account key', () => {
    expect(rulesIn(fake.serviceAccountJson(), 'deploy/gcp.json')).toEqual(['google-service-account-key']);
  });

  it('ignores a short AIza value and a service account without key material', () => {
    expect(rulesIn(`key: ${['AI', 'za', 'SyShort'].join('')}`)).toEqual([]);
    expect(rulesIn('{"type": "service_account", "private_key": ""}', 'gcp.json')).toEqual([]);
  });
});

describe('npm-token', () => {
  it('finds a token in .npmrc', () => {
    expect(rulesIn(`//registry.npmjs.org/:_authToken=${fake.npmToken()}`, '.npmrc')).toEqual(['npm-token']);
  });

  it('ignores npm_ names and env references', () => {
    expect(rulesIn('const npm_config_registry = 1;', 'a.ts')).toEqual([]);
    expect(rulesIn('//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '.npmrc')).toEqual([]);
  });
});

describe('private-key', () => {
  it.each(['RSA ', 'EC ', 'OPENSSH ', ''])('finds a %sprivate key block', (kind) => {
    const findings = scanText(`# deploy key\n${fake.privateKeyPem(kind)}\n`, 'deploy/id_key');
    expect(findings.map((finding) => finding.rule)).toEqual(['private-key']);
    expect(findings[0]?.redacted.startsWith(`-----BEGIN ${kind}PRIVATE KEY-----`)).toBe(true);
  });

  it('ignores a header without key material and a public key', () => {
    const header = ['-----', 'BEGIN RSA PRIVATE KEY-----'].join('');
    expect(rulesIn(`if (pem.startsWith('${header}')) parse(pem);`, 'src/pem.ts')).toEqual([]);
    expect(rulesIn(`${header}\n...\n`)).toEqual([]);
    expect(rulesIn(`${['-----', 'BEGIN PUBLIC KEY-----'].join('')}\n${fake.privateKeyBody()}\n`)).toEqual([]);
  });
});

describe('jwt', () => {
  it('finds a signed token whose header decodes to JSON with an alg', () => {
    expect(rulesIn(`Authorization: Bearer ${fake.jwt()}`)).toEqual(['jwt']);
  });

  it('ignores look-alikes: a non-JSON header, the jwt.io example, two parts', () => {
    const notJson = ['eyJ', randomChars('h', 20), '.', randomChars('p', 20), '.', randomChars('s', 30)].join(
      '',
    );
    expect(rulesIn(`token ${notJson}`)).toEqual([]);
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}').toString(
      'base64url',
    );
    expect(rulesIn(`token ${header}.${payload}.${randomChars('sig', 43)}`)).toEqual([]);
    expect(rulesIn(`token ${header}.${payload}`)).toEqual([]);
  });
});

describe('connection-string-password', () => {
  const password = () => fake.password();
  it.each([
    ['postgres', () => `DATABASE_URL=postgres://app:${password()}@db.internal:5432/app`],
    ['postgresql', () => `url: "postgresql://app:${password()}@db/app"`],
    ['mysql', () => `mysql://root:${password()}@127.0.0.1/shop`],
    ['mongodb+srv', () => `MONGO_URL=mongodb+srv://svc:${password()}@cluster0.ab1cd.mongodb.net/`],
    ['redis without user', () => `REDIS_URL=redis://:${password()}@cache:6379/0`],
    ['amqp', () => `amqp://guest2:${password()}@mq:5672/`],
  ])('finds a password in a %s URL', (_label, text) => {
    const findings = scanText(text(), 'config/app.env');
    expect(findings.map((finding) => finding.rule)).toEqual(['connection-string-password']);
    expect(findings[0]?.redacted).toMatch(/^[a-z+]+:\/\/[^:]*:.\*{12}.@$/);
  });

  it.each([
    ['no password', 'postgres://app@db/app'],
    ['env reference', 'postgres://app:${DB_PASSWORD}@db/app'],
    ['placeholder', 'postgres://user:<password>@host/db'],
    ['doc placeholder', 'postgres://USER:PASSWORD@HOST:5432/DB'],
    ['local default', 'postgres://postgres:postgres@localhost:5432/test'],
    ['password = user', 'mysql://shop:shop@localhost/shop'],
    ['tutorial spelling', 'postgres://app:s3cr3t@db:5432/prod'],
    ['percent-encoded default', 'postgres://app:p%40ss@db/app'],
    ['leet default', 'mysql://root:Passw0rd@db/app'],
    ['self-describing', 'redis://:authpassword@127.0.0.1:6380/4'],
    ['template', 'postgres://app:{password}@db/app'],
    ['masked', 'postgres://app:****@db/app'],
    ['port only', 'postgres://db.internal:5432/app'],
    ['https with credentials (not a database URL)', 'https://user:hunter2x@example.org'],
  ])('ignores %s', (_label, text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});

describe('secret-assignment', () => {
  const value = fake.password();
  it.each([
    ['.env', '.env', `DB_PASSWORD=${value}`],
    ['.env with quotes', '.env.production', `API_KEY="${value}"`],
    ['yaml', 'config.yaml', `  client_secret: ${value}`],
    ['json', 'settings.json', `{ "api_key": "${value}" }`],
    ['typescript', 'src/db.ts', `const password = '${value}';`],
    ['python', 'settings.py', `SECRET_KEY = "${value}"`],
    ['go', 'main.go', `token := "${value}"`],
    ['toml', 'config.toml', `auth_token = "${value}"`],
  ])('finds a real-looking value in %s', (_label, file, text) => {
    expect(rulesIn(text, file)).toEqual(['secret-assignment']);
  });

  it.each([
    ['empty', '.env', 'DB_PASSWORD='],
    ['short word', '.env', 'DB_PASSWORD=hunter2'],
    ['word', 'config.yaml', 'password: supersecret'],
    ['changeme', '.env', 'DB_PASSWORD=changeme'],
    ['your-api-key', '.env', 'API_KEY=your-api-key'],
    ['angle placeholder', 'config.yaml', 'password: <password>'],
    ['stars', 'config.yaml', 'password: "********"'],
    ['dummy', 'test.json', '{"token": "dummy-token-value-1"}'],
    ['${VAR}', 'docker-compose.yml', 'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}'],
    ['$VAR', '.env', 'API_KEY=$OTHER_KEY'],
    ['process.env', 'src/a.ts', 'const apiKey = process.env.API_KEY;'],
    ['os.environ', 'app.py', "password = os.environ['DB_PASSWORD']"],
    ['env()', 'config.php', "'password' => env('DB_PASSWORD'),"],
    ['expression in code', 'src/a.ts', 'const token = createToken(user.id, expiresAt);'],
    ['identifier in code', 'src/a.ts', 'const token = sessionTokenFromHeader;'],
    ['type annotation', 'src/a.ts', '  password: string;'],
    ['comparison', 'src/a.ts', 'if (token === "") return;'],
    ['key name, not value', 'src/a.ts', 'const PASSWORD_FIELD = "password";'],
    ['i18n message', 'en.json', '{"password": "Password must be 8 characters"}'],
    ['file path', 'config.yaml', 'token_file: /run/secrets/token'],
    ['secret path', 'config.yaml', 'secret: /run/secrets/api-token'],
    [
      'sops encrypted',
      'secrets.enc.yaml',
      `password: ENC[AES256_GCM,data:${randomChars('enc', 16)},type:str]`,
    ],
    ['boolean', 'config.yaml', 'token: true'],
  ])('ignores %s', (_label, file, text) => {
    expect(rulesIn(text, file)).toEqual([]);
  });

  it('reports a provider key under its own rule, not twice', () => {
    expect(rulesIn(`OPENAI_API_KEY="${fake.openaiProject()}"`, '.env')).toEqual(['openai-api-key']);
  });
});

describe('lock files', () => {
  const hash = `sha512-${randomChars('int', 86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`;
  it.each([
    ['package-lock.json', `"integrity": "${hash}",`],
    ['pnpm-lock.yaml', `    resolution: {integrity: ${hash}}`],
    ['yarn.lock', `  integrity ${hash}`],
    ['go.sum', `github.com/x/y v1.2.3 h1:${randomChars('go', 43)}=`],
    ['Cargo.lock', `checksum = "${randomChars('cargo', 64, '0123456789abcdef')}"`],
  ])('finds nothing in the hashes of %s', (file, text) => {
    expect(rulesIn(text, file)).toEqual([]);
  });

  it('does not take a key id out of the middle of a hash', () => {
    const keyId = fake.awsAccessKeyId('in-hash');
    expect(
      rulesIn(
        `<script integrity="sha384-${randomChars('a', 10)}/${keyId}/${randomChars('b', 20)}">`,
        'index.html',
      ),
    ).toEqual([]);
  });

  it('still finds a token in a lock file URL', () => {
    expect(
      rulesIn(
        `  resolved "https://npm.pkg.github.com/x/-/x-1.0.0.tgz?token=${fake.githubToken()}"`,
        'yarn.lock',
      ),
    ).toEqual(['github-token']);
  });
});
