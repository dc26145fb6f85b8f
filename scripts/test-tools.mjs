#!/usr/bin/env node
// The real systems the test suites run against (n8n, Claude Code, a registry, a browser), pinned
// here and installed once into a cache outside the checkout: $TIER1_TOOLS_DIR, by default
// ~/.cache/tier1. `node scripts/test-tools.mjs ensure` installs whatever is missing, in
// parallel; tests find a tool with `toolPath(name)`. A newer version is a deliberate upgrade:
// change the pin here and the cache keeps both.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** npm packages: each gets its own folder, `package.json` as given, and the bin named. */
export const npmTools = {
  // n8n pins xlsx to a tarball outside the registry; 0.18.5 is the registry's (docs/n8n-detection.md).
  // npm 11 skips dependencies' install scripts unless `allowScripts` names them: n8n's sqlite
  // database needs sqlite3's native build (its prebuilt download is unreachable here, so it
  // compiles with node-gyp); n8n's other install scripts are optional and stay off.
  n8n: {
    version: '2.8.4',
    manifest: {
      dependencies: { n8n: '2.8.4' },
      overrides: { xlsx: '0.18.5' },
      allowScripts: { sqlite3: true },
    },
    bin: 'node_modules/.bin/n8n',
  },
  claude: {
    version: '2.1.197',
    manifest: { dependencies: { '@anthropic-ai/claude-code': '2.1.197' } },
    bin: 'node_modules/.bin/claude',
  },
  // verdaccio 6.8.0 runs on Node 20 only with node-fetch held at 2.7.0.
  verdaccio: {
    version: '6.8.0',
    manifest: { dependencies: { verdaccio: '6.8.0' }, overrides: { 'node-fetch': '2.7.0' } },
    bin: 'node_modules/.bin/verdaccio',
  },
  // The test runners and workspace tools the production checker is tried on (packages/production-checker/test/real-shapes):
  // fixture projects link their node_modules here, so one install serves every fixture and run.
  runners: {
    version: '1',
    manifest: {
      dependencies: {
        vitest: '3.2.7',
        jest: '30.5.2',
        mocha: '11.8.0',
        turbo: '2.5.7',
        nx: '21.6.4',
      },
    },
    bin: 'node_modules',
  },
};

/** Debian packages, installed with apt-get (as root, as on this project's machines and CI). */
export const aptTools = {
  chromium: { package: 'chromium', bin: '/usr/bin/chromium' },
  // The secret-scan benchmark's reference (packages/production-checker/bench/git-secrets.mjs).
  'git-secrets': { package: 'git-secrets', bin: '/usr/bin/git-secrets' },
};

export function toolsDir() {
  return process.env.TIER1_TOOLS_DIR || join(homedir(), '.cache', 'tier1');
}

function npmToolDir(name) {
  return join(toolsDir(), `${name}-${npmTools[name].version}`);
}

/** The absolute path of a tool's executable; throws with the fix when it is not installed. */
export function toolPath(name) {
  if (name in aptTools) {
    const { bin, package: pkg } = aptTools[name];
    if (existsSync(bin)) return bin;
    throw new Error(
      `${name} is not installed (${bin}): run \`apt-get install -y ${pkg}\` or \`node scripts/test-tools.mjs ensure\``,
    );
  }
  if (!(name in npmTools)) throw new Error(`unknown test tool "${name}"`);
  const dir = npmToolDir(name);
  if (existsSync(join(dir, '.complete'))) return join(dir, npmTools[name].bin);
  throw new Error(
    `${name}@${npmTools[name].version} is not installed in ${dir}: run \`node scripts/test-tools.mjs ensure\``,
  );
}

async function ensureNpmTool(name) {
  const dir = npmToolDir(name);
  if (existsSync(join(dir, '.complete'))) return `${name}@${npmTools[name].version}: cached`;
  // Installs into a scratch folder renamed into place, so an interrupted install is never taken for one.
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const manifest = { name: `tier1-test-tool-${name}`, private: true, ...npmTools[name].manifest };
  writeFileSync(join(scratch, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const started = Date.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: scratch,
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(join(scratch, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return `${name}@${npmTools[name].version}: installed in ${Math.round((Date.now() - started) / 1000)} s`;
}

async function ensureAptTool(name) {
  const { bin, package: pkg } = aptTools[name];
  if (existsSync(bin)) return `${name}: present`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${name} is missing and only root can install it: run \`sudo apt-get install -y ${pkg}\``,
    );
  }
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return `${name}: installed`;
}

async function ensureAll(names) {
  const jobs = names.map((name) => (name in aptTools ? ensureAptTool(name) : ensureNpmTool(name)));
  const results = await Promise.allSettled(jobs);
  let failed = false;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') console.log(`test tools: ${result.value}`);
    else {
      failed = true;
      console.error(
        `test tools: ${names[index]}: ${result.reason?.stderr || result.reason?.message || result.reason}`,
      );
    }
  });
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [command, ...names] = process.argv.slice(2);
  if (command === 'ensure') {
    await ensureAll(names.length > 0 ? names : [...Object.keys(npmTools), ...Object.keys(aptTools)]);
  } else if (command === 'path' && names.length === 1) {
    console.log(toolPath(names[0]));
  } else {
    console.error('usage: node scripts/test-tools.mjs ensure [tool…] | path <tool>');
    process.exit(2);
  }
}
