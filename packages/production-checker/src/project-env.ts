import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Keys of a dotenv file (`.env.example`), in file order. */
export function readEnvKeys(path: string): string[] {
  return Object.keys(parseEnv(readFileSync(path, 'utf8')));
}

/** The project's `.env` under the given environment (the environment wins, as in loadConfig). */
export function projectEnvironment(
  root: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const path = join(root, '.env');
  const fromFile = existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  return { ...fromFile, ...env };
}
