// Detector throughput on a 10 MB test log against one indexOf scan of the same text, and the
// cost the package adds to every hook process (import, construction, first detect).
// Build first: pnpm -s turbo run build --filter=@tier1/keyword-detector
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const distUrl = new URL('../dist/index.js', import.meta.url);
const { KeywordDetector } = await import(distUrl.href);

const TARGET_RATIO = 1 / 3;
const MEGABYTE = 1024 * 1024;
const LOG_BYTES = 10 * MEGABYTE;

/** A deterministic log of interleaved vitest, jest, pytest and npm lines ending in a summary. */
function generateLog() {
  let seed = 42;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const lines = [
    () => ` ✓ src/feature-${random(400)}/handler.test.ts (${1 + random(30)} tests) ${random(900)}ms`,
    () => `PASS src/components/widget-${random(300)}.test.tsx (${random(9)}.${random(999)} s)`,
    () =>
      `tests/test_api_${random(200)}.py::test_case_${random(50)} PASSED${' '.repeat(20)}[ ${random(100)}%]`,
    () => `npm WARN deprecated package-${random(80)}@1.${random(9)}.0: this version is no longer supported`,
    () => `stderr | src/server-${random(60)}.test.ts > handles a bad request`,
    () => `Error: expected rejection ${random(1000)} (logged on purpose by the test)`,
    () =>
      `    at Object.<anonymous> (/home/dev/project/src/module-${random(90)}.ts:${random(300)}:${random(80)})`,
    () => `GET /api/items/${random(5000)} 200 ${random(99)}.${random(999)} ms - ${random(9000)}`,
    () => `  console.log  request ${random(100000)} handled in ${random(40)}ms`,
    () => `[vite] hmr update /src/views/page-${random(120)}.tsx`,
  ];
  const parts = [];
  let length = 0;
  while (length < LOG_BYTES) {
    const line = lines[random(lines.length)]();
    parts.push(line);
    length += line.length + 1;
  }
  parts.push(
    '',
    ' Test Files  48 passed (48)',
    '      Tests  1234 passed (1234)',
    '   Start at  10:00:00',
    '',
  );
  return parts.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(iterations, fn) {
  fn(); // warm up: the hook runs each detection once, but the in-process loop should not count compilation
  const times = [];
  let result;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

const log = generateLog();
const megabytes = log.length / (1024 * 1024);
const needle = 'deployment successful'; // a keyword that is not in the log: indexOf reads all of it
console.log(`log: ${log.length} characters (${megabytes.toFixed(1)} M), ends with a vitest summary`);

const baseline = measure(30, () => log.indexOf(needle));
if (baseline.result !== -1)
  throw new Error('the baseline needle must be absent so indexOf scans the whole log');
const detector = new KeywordDetector();
const detection = measure(30, () => detector.detect(log, { toolName: 'Bash', command: 'pnpm test' }));
const fullScanDetector = new KeywordDetector({ scanWindow: { headChars: Infinity, tailChars: Infinity } });
const fullScan = measure(5, () => fullScanDetector.detect(log, { toolName: 'Bash', command: 'pnpm test' }));

const rate = (ms) => megabytes / (ms / 1000);
const ratio = rate(detection.ms) / rate(baseline.ms);
const row = (name, ms) =>
  console.log(`${name.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms  ${rate(ms).toFixed(0).padStart(8)} MB/s`);
row('indexOf one keyword (baseline)', baseline.ms);
row('KeywordDetector.detect (default window)', detection.ms);
row('KeywordDetector.detect (whole text, info)', fullScan.ms);
console.log(
  `decision: ${detection.result.decision} ${detection.result.confidence} (${detection.result.reasons[0]})`,
);
console.log(
  `whole-text decision: ${fullScan.result.decision} ${fullScan.result.confidence} (${fullScan.result.reasons[0]})`,
);
console.log(
  `ratio detector/indexOf: ${ratio.toFixed(2)} (whole text: ${(rate(fullScan.ms) / rate(baseline.ms)).toFixed(3)}); target >= ${TARGET_RATIO.toFixed(2)}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`,
);

// Linear cost: the whole-text detector on growing inputs, including ones built to make a
// backtracking regex blow up. Doubling the input should roughly double the time.
const linearityInputs = {
  'test log': (size) => log.slice(0, size),
  'unclosed jest line': (size) => `Tests: ${'1 passed, '.repeat(size / 10)}`,
  spaces: (size) => ' '.repeat(size),
  'phrase prefixes': (size) => 'no such file or '.repeat(size / 16),
};
for (const [name, make] of Object.entries(linearityInputs)) {
  const small = make(MEGABYTE);
  const large = make(4 * MEGABYTE);
  const smallMs = measure(3, () => fullScanDetector.detect(small)).ms;
  const largeMs = measure(3, () => fullScanDetector.detect(large)).ms;
  console.log(
    `whole text, ${name.padEnd(20)} 1 M: ${smallMs.toFixed(1).padStart(7)} ms  4 M: ${largeMs.toFixed(1).padStart(7)} ms  ratio ${(largeMs / smallMs).toFixed(1)} (4.0 = linear)`,
  );
}

// What every hook process pays: a fresh node, import the package, construct, detect once.
// An empty module is imported first so the ESM loader's own start-up is not counted
// against the package (a hook process pays it for its own entry module anyway).
const distPath = fileURLToPath(distUrl);
const benchDirectory = mkdtempSync(join(tmpdir(), 'tier1-kd-bench-'));
const emptyModule = join(benchDirectory, 'empty.mjs');
writeFileSync(emptyModule, 'export {};\n');
const sample =
  ' ✓ src/a.test.ts (12 tests) 4ms\\n\\n Test Files  2 passed (2)\\n      Tests  12 passed (12)\\n';
const childScript = `
  const t0 = performance.now();
  await import(${JSON.stringify(emptyModule)});
  const t1 = performance.now();
  const m = await import(${JSON.stringify(distPath)});
  const t2 = performance.now();
  const d = new m.KeywordDetector();
  const t3 = performance.now();
  const r = d.detect("${sample}", { toolName: 'Bash', command: 'pnpm test' });
  const t4 = performance.now();
  const k = d.detect("Changes committed and saved", { toolName: 'Bash', command: 'git commit -m x' });
  const t5 = performance.now();
  if (r.decision !== 'completed' || k.decision !== 'completed') throw new Error('unexpected decision');
  console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]));
`;
const runs = [];
try {
  for (let i = 0; i < 15; i++) {
    runs.push(
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', childScript], { encoding: 'utf8' }),
      ),
    );
  }
} finally {
  rmSync(benchDirectory, { recursive: true, force: true });
}
const [loader, packageImport, construct, firstSummary, firstKeywords] = [0, 1, 2, 3, 4].map((column) =>
  median(runs.map((r) => r[column])),
);
console.log(`per hook process, median of ${runs.length} fresh node processes:`);
console.log(`  ESM loader start-up (an empty module, for scale)  ${loader.toFixed(2)} ms`);
console.log(`  import @tier1/keyword-detector                    ${packageImport.toFixed(2)} ms`);
console.log(`  new KeywordDetector()                             ${construct.toFixed(2)} ms`);
console.log(`  first detect (a vitest summary)                   ${firstSummary.toFixed(2)} ms`);
console.log(`  first keyword-path detect ("committed")           ${firstKeywords.toFixed(2)} ms`);
