// Lock files pin dependency hashes and registry URLs; their hashes are never secrets.
const LOCK_FILE_NAMES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'go.sum',
  'Cargo.lock',
  'composer.lock',
  'Gemfile.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'flake.lock',
  'packages.lock.json',
]);

// Source code, where `token = makeToken()` assigns an expression: there only quoted values are literals.
const CODE_EXTENSIONS = new Set([
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'vue',
  'svelte',
  'py',
  'go',
  'rb',
  'java',
  'kt',
  'kts',
  'scala',
  'cs',
  'php',
  'rs',
  'swift',
  'c',
  'h',
  'cc',
  'cpp',
  'hpp',
  'm',
  'dart',
  'lua',
  'ex',
  'exs',
]);

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function isLockFile(file: string): boolean {
  return LOCK_FILE_NAMES.has(baseName(file));
}

export function isCodeFile(file: string): boolean {
  const name = baseName(file);
  const dot = name.lastIndexOf('.');
  return dot > 0 && CODE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
