import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition } from '../check-definition';
import { projectEnvironment, readEnvKeys } from '../project-env';

/** Every key of `.env.example` set (non-empty) in the environment or `.env`. Values are never recorded. */
export const environmentCheck: CheckDefinition = {
  name: 'environment',
  severity: 'blocking',
  timeoutMs: 5_000,
  enabledByDefault: (config) => config.deployment?.envExample !== undefined,
  async run({ root, config, env }) {
    const example = config.deployment?.envExample ?? '.env.example';
    const path = join(root, example);
    if (!existsSync(path))
      return {
        passed: false,
        details: `${example} does not exist`,
        evidence: {
          env_example: example,
          required_count: null,
          fix: 'set deployment.envExample to the file that lists the variables',
        },
        confidence: 100,
      };
    const required = readEnvKeys(path);
    const available = projectEnvironment(root, env);
    const missing = required.filter((key) => !available[key]?.trim());
    const evidence = { env_example: example, required_count: required.length, missing_keys: missing };
    if (missing.length > 0)
      return {
        passed: false,
        details: `${missing.length} of ${required.length} keys of ${example} not set: ${missing.join(', ')}`,
        evidence: { ...evidence, fix: `set ${missing.join(', ')} in the environment or .env` },
        confidence: 100,
      };
    return {
      passed: true,
      details: `all ${required.length} keys of ${example} set`,
      evidence,
      confidence: 100,
    };
  },
};
