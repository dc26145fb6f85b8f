import { defineConfig } from 'tsup';

// The two builds below write side by side into dist/, so neither cleans it: each overwrites
// its own files when done, and the bin never sees a dist/ emptied halfway through a rebuild.
export default defineConfig([
  // The library: TodoUpdater, ActionItemHook, runHook and the settings helpers for `tier1 hooks`.
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    dts: true,
    clean: false,
    sourcemap: true,
  },
  // The hook process: self-contained, so a hook call resolves no package at start-up. Workspace
  // packages are compiled from their sources (the `@tier1/source` condition), so only the modules
  // the hook reaches are bundled. CommonJS, like the bin that requires it: Node's ES module loader
  // costs a fresh process about 5 ms. The n8n layer is its own bundle, required only for n8n
  // tools; no shared chunks, because a chunk shared with it would carry the store's drivers into main.
  {
    entry: { main: 'src/main.ts', 'n8n-layer': 'src/n8n-layer.ts' },
    outDir: 'dist/hook',
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    splitting: false,
    treeshake: true,
    minify: true,
    sourcemap: false,
    clean: false,
    esbuildOptions(options) {
      options.conditions = ['@tier1/source', 'import', 'node'];
    },
  },
]);
