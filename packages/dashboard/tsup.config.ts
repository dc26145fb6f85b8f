import { defineConfig } from 'tsup';

// Two bundles: the handler for Node, and the page's script and stylesheet for the browser
// (uPlot included, so the page needs no network), which the handler serves from dist/client.
// The build script empties dist first: two configs cleaning it in parallel could race.
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    dts: true,
    sourcemap: true,
  },
  {
    entry: { main: 'src/client/main.ts' },
    outDir: 'dist/client',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    tsconfig: 'src/client/tsconfig.json',
    outExtension: () => ({ js: '.js' }),
  },
]);
