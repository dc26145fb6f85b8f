// Runs every benchmark of @tier1/production-checker one after another (they share 2 cores
// badly when run together): the secret-scan throughput against secretlint (bench/secrets.mjs,
// when present) and the whole-check wall time (bench/wall-time.mjs). Each prints its own
// target and whether it was met; this exits non-zero only when one crashes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let crashed = false;
for (const bench of ['secrets.mjs', 'git-secrets.mjs', 'wall-time.mjs']) {
  const path = join(here, bench);
  if (!existsSync(path)) {
    console.log(`(${bench} not present, skipped)`);
    continue;
  }
  console.log(`\n=== ${bench} ===`);
  const { status, signal } = spawnSync(process.execPath, [path, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (status !== 0) {
    console.error(`${bench} crashed (exit ${status ?? signal})`);
    crashed = true;
  }
}
process.exit(crashed ? 1 : 0);
