// Test helpers for packages that check what is redacted: `@tier1/secrets/testing`.
export { fakeSecrets, randomChars, type SecretSample, secretSamples } from './fake-secrets';
