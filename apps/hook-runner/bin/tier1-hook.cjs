#!/usr/bin/env node
'use strict';
// Claude Code's hook command for Tier 1: see docs/hook-runner.md. This process starts on every
// tool call, so its start-up is most of its cost:
// - It and its bundles are CommonJS: Node's ES module loader costs a fresh process about 5 ms.
// - The bundle is compiled with a V8 code cache, as Node 22's module.enableCompileCache() does
//   (Node 20 has no such switch): compiling the functions a hook call runs costs about 6 ms,
//   reading them back from the cache well under one. V8 checks that a cache was made by the same
//   V8 with the same flags, but of the source only its length, so the cache's name carries the
//   bundle's size and modification time: a rebuilt bundle never runs another build's code.
// The bundles in dist/hook/ are built by `pnpm --filter @tier1/hook-runner build`.
const { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundleDirectory = join(__dirname, '../dist/hook');
const CACHE_SUFFIX = '.v8-cache';

/**
 * Rejected or missing cache: once this call is done, its compiled functions become the cache,
 * and the caches of the bundle's earlier builds go (those of other Node versions for this build stay).
 */
function writeCacheAtExit(script, bundle, buildKey, cacheName) {
  process.on('exit', () => {
    const temporary = join(bundleDirectory, `${cacheName}.${process.pid}.tmp`);
    try {
      // Written whole, then renamed: a concurrent call never reads half a cache.
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, join(bundleDirectory, cacheName));
      for (const name of readdirSync(bundleDirectory)) {
        if (name.startsWith(`${bundle}.`) && name.endsWith(CACHE_SUFFIX) && !name.startsWith(buildKey))
          unlinkSync(join(bundleDirectory, name));
      }
    } catch {
      // A cache that cannot be written (a read-only install, a full disk) costs speed only:
      // the hook's answer and events do not depend on it, so this is no error to report.
      try {
        unlinkSync(temporary);
      } catch {}
    }
  });
}

/** Runs one of dist/hook's bundles (`main.cjs`, …) as a CommonJS module, through its code cache. */
function loadBundle(bundle) {
  const bundlePath = join(bundleDirectory, bundle);
  const source = readFileSync(bundlePath, 'utf8');
  const { size, mtimeMs } = statSync(bundlePath);
  const buildKey = `${bundle}.${size}-${Math.trunc(mtimeMs)}.`;
  const cacheName = `${buildKey}${process.versions.v8}-${process.arch}${CACHE_SUFFIX}`;
  let cachedData;
  try {
    cachedData = readFileSync(join(bundleDirectory, cacheName));
  } catch {
    // No cache for this build and this Node yet: this call writes one.
  }
  const script = new Script(`(function (exports, require, module) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module);
  if (cachedData === undefined || script.cachedDataRejected)
    writeCacheAtExit(script, bundle, buildKey, cacheName);
  return module.exports;
}

let hook;
try {
  hook = loadBundle('main.cjs');
} catch (error) {
  process.stderr.write(
    `tier1-hook: cannot start (${error.message.split('\n')[0]}); build it with: pnpm --filter @tier1/hook-runner build\n`,
  );
  process.exit(0);
}
// The n8n layer (its API client, queue and store drivers) is loaded only for an n8n tool call, the
// reader of the project's .gitleaks.toml (a TOML parser) only in a project that has that file,
// through its code cache too. The n8n layer is not cached: an n8n call is rare, and its cache would
// be megabytes beside the bundle.
hook.runHookProcess(
  () => require('../dist/hook/n8n-layer.cjs'),
  () => loadBundle('secret-rules.cjs'),
);
