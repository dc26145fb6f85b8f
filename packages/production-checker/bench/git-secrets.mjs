// Secret-scan throughput against Debian's git-secrets with its AWS rules (issue 10): both scan
// the same ~70 MB git repository of real npm packages (copied from this checkout's node_modules),
// in the same run, several times, interleaved. Tier 1 runs its full rule set.
//
//   pnpm -s turbo run build --filter=@tier1/production-checker...   (bench imports ../dist)
//   node bench/git-secrets.mjs [--megabytes 70] [--runs 3] [--keep]
//
// Target: Tier 1's throughput at least 0.5 x git-secrets'. Prints median and spread of both and
// of the ratio; exits non-zero only when something crashes, never on a missed target.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { toolPath } from '../../../scripts/test-tools.mjs';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = resolve(packageRoot, '../..');
const TARGET = 0.5;
const TEXT = /\.(?:js|mjs|cjs|ts|mts|cts|json|md|map|d\.ts|txt|yml|yaml)$/;

const { values } = parseArgs({
  options: {
    megabytes: { type: 'string', default: '70' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    scan: { type: 'string' },
  },
});

if (values.scan) {
  // The Tier 1 side as its own process, timed from outside like git-secrets.
  const { scanSecrets } = await import(pathToFileURL(join(packageRoot, 'dist/index.js')).href);
  const result = await scanSecrets(values.scan);
  process.stdout.write(
    `${JSON.stringify({ files: result.filesScanned, bytes: result.bytesScanned, findings: result.findings.length })}\n`,
  );
  process.exit(0);
}

/** Real package files, largest packages first skipped past nothing: every text file until the budget. */
function buildTree(target, budget) {
  const store = join(repositoryRoot, 'node_modules/.pnpm');
  let bytes = 0;
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (bytes >= budget) return;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && TEXT.test(entry.name)) {
        const size = statSync(path).size;
        if (size > 2 * 1024 * 1024) continue;
        const destination = join(target, relative(store, path));
        mkdirSync(dirname(destination), { recursive: true });
        copyFileSync(path, destination);
        bytes += size;
      }
    }
  };
  walk(store);
  const git = (...args) => execFileSync('git', args, { cwd: target, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  // gc.auto=0: a commit of 10,000 files would start `git gc --auto` in the background, which
  // loads the machine during the runs and writes into .git while the tree is removed.
  git('-c', 'gc.auto=0', '-c', 'user.email=bench@tier1', '-c', 'user.name=bench', 'commit', '-qm', 'tree');
  execFileSync(toolPath('git-secrets'), ['--register-aws'], { cwd: target, stdio: 'ignore' });
  return bytes;
}

function timed(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // git-secrets exits 1 when it finds something: only a signal or another code is a crash.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} exited ${result.status}: ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const spread = (list) => `${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)}`;

const root = mkdtempSync(join(tmpdir(), 'tier1-bench-git-secrets-'));
try {
  const bytes = buildTree(root, Number(values.megabytes) * 1024 * 1024);
  const megabytes = bytes / 1024 / 1024;
  const runs = Number(values.runs);
  const ours = [];
  const theirs = [];
  let found;
  for (let run = 0; run < runs; run += 1) {
    theirs.push(timed(toolPath('git-secrets'), ['--scan'], root).seconds);
    const tier1 = timed(process.execPath, [fileURLToPath(import.meta.url), '--scan', root], root);
    ours.push(tier1.seconds);
    found = JSON.parse(tier1.stdout);
  }
  const ratios = ours.map((seconds, index) => theirs[index] / seconds);
  console.log(
    `secret scan of ${megabytes.toFixed(1)} MB of real npm packages (${found.files} files), ${runs} runs, interleaved`,
  );
  console.log(
    `git-secrets --scan (AWS rules)   median ${median(theirs).toFixed(2)} s (${spread(theirs)})  ${(megabytes / median(theirs)).toFixed(1)} MB/s`,
  );
  console.log(
    `tier1 scanSecrets (${'all rules'})     median ${median(ours).toFixed(2)} s (${spread(ours)})  ${(megabytes / median(ours)).toFixed(1)} MB/s, ${found.findings} findings`,
  );
  const ratio = median(ratios);
  console.log(
    `throughput ratio tier1 / git-secrets: median ${ratio.toFixed(2)} (${spread(ratios)}), target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'MISSED'}`,
  );
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  else console.log(`tree kept at ${root}`);
}
