import { defineConfig } from 'tsup';

// The hook process: self-contained, so a hook call resolves no package at start-up. Workspace
// packages are compiled from their sources (the `@tier1/source` condition), so only the modules
// the hook reaches are bundled. CommonJS, like the bin that requires it: Node's ES module loader
// costs a fresh process about 5 ms (docs/hook-runner.md). The n8n layer is its own bundle,
// required only for n8n tools, and so is the reader of a project's .gitleaks.toml (a TOML parser),
// required only in a project that has one; no shared chunks, because a chunk shared with them
// would carry the store's drivers or the parser into main. Not cleaned: the bin never sees a dist/ emptied halfway through a
// rebuild, and the code caches beside the bundles are replaced by the bin itself.
export default defineConfig({
  entry: { main: 'src/main.ts', 'n8n-layer': 'src/n8n-layer.ts', 'secret-rules': 'src/secret-rules.ts' },
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
  // dist/hook/metafile-cjs.json: what each bundle holds, read by test/start-up-budget.test.ts.
  metafile: true,
  esbuildOptions(options) {
    options.conditions = ['@tier1/source', 'import', 'node'];
  },
});
