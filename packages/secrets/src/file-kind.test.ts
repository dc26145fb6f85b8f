import { describe, expect, it } from 'vitest';
import { isCodeFile, isLockFile } from './file-kind';

describe('isLockFile', () => {
  it.each(['pnpm-lock.yaml', 'a/b/package-lock.json', 'yarn.lock', 'go.sum', 'crates/x/Cargo.lock'])(
    '%s is a lock file',
    (file) => {
      expect(isLockFile(file)).toBe(true);
    },
  );

  it.each(['package.json', 'lock.ts', 'docs/yarn.lock.md'])('%s is not', (file) => {
    expect(isLockFile(file)).toBe(false);
  });
});

describe('isCodeFile', () => {
  it.each(['src/a.ts', 'x.PY', 'main.go', 'App.tsx'])('%s is code', (file) => {
    expect(isCodeFile(file)).toBe(true);
  });

  it.each(['.env', 'config.yaml', 'settings.json', 'Dockerfile', 'deploy.sh', '.ts'])(
    '%s is not code',
    (file) => {
      expect(isCodeFile(file)).toBe(false);
    },
  );
});
