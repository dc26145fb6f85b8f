import type { SecretScanner } from './secret-gate';

/**
 * The secret engine of `tier1 check`, loaded on the first call that writes: the hook's other
 * calls never pay for its rules. A baseline that cannot be read accepts nothing (the finding is
 * still reported) and `warn` says why.
 */
export async function loadSecretScanner(warn: (message: string) => void): Promise<SecretScanner> {
  const { scanText, readBaseline } = await import('@tier1/production-checker');
  return {
    scanText,
    baseline: async (projectDir) => {
      try {
        return await readBaseline(projectDir);
      } catch (error) {
        warn(`the secrets baseline is ignored: ${(error as Error).message}`);
        return new Set();
      }
    },
  };
}
