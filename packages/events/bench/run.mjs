// Runs every @tier1/events benchmark in turn, each in its own node process so one's memory
// and open stores do not skew the next. A missed target is printed, not an error; the exit
// code is non-zero only when a benchmark crashed. Build first:
// pnpm -s turbo run build --filter=@tier1/events
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['spool.mjs', 'ingest.mjs', 'query.mjs'];
const crashed = [];
for (const name of BENCHES) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  console.log(`\n=== ${name} ===`);
  if (!existsSync(path)) {
    console.log(`(not there: ${name} is missing from this checkout)`);
    crashed.push(name);
    continue;
  }
  const result = spawnSync(process.execPath, [path], { stdio: 'inherit' });
  if (result.status !== 0) crashed.push(name);
}
if (crashed.length > 0) {
  console.error(`\ncrashed: ${crashed.join(', ')}`);
  process.exitCode = 1;
}
