import { describe, expect, it } from 'vitest';
import { calledScript, scriptSteps, stepKind } from './test-script';

describe('stepKind', () => {
  it('sees the runner behind env assignments and launchers', () => {
    expect(stepKind(['NODE_ENV=test', 'npx', 'vitest', 'run'])).toBe('vitest');
    expect(stepKind(['pnpm', 'exec', 'jest', '--ci'])).toBe('jest');
    expect(stepKind(['cross-env', 'A=1', 'mocha'])).toBe('other');
    expect(stepKind(['./node_modules/.bin/mocha'])).toBe('mocha');
    expect(stepKind(['node', '--test', 'dist/test/*.js'])).toBe('node:test');
    expect(stepKind(['python3', '-m', 'pytest'])).toBe('pytest');
    expect(stepKind(['turbo', 'run', 'test'])).toBe('turbo');
    expect(stepKind(['node', 'build.mjs'])).toBe('other');
  });
});

describe('calledScript', () => {
  const scripts = { lint: 'eslint .', test: 'x', 'test:unit': 'jest' };
  it('follows npm run, pnpm and yarn to scripts that exist', () => {
    expect(calledScript(['npm', 'run', 'lint'], scripts)).toBe('lint');
    expect(calledScript(['pnpm', 'test:unit'], scripts)).toBe('test:unit');
    expect(calledScript(['yarn', 'run', 'lint'], scripts)).toBe('lint');
    expect(calledScript(['npm', 'lint'], scripts)).toBeUndefined();
    expect(calledScript(['pnpm', 'run', 'missing'], scripts)).toBeUndefined();
  });
});

describe('scriptSteps', () => {
  it('lists pre and post scripts and the commands of npm run chains, in order', () => {
    const scripts = {
      prebuild: 'rimraf dist',
      build: 'tsc',
      pretest: 'npm run build',
      test: 'pnpm run lint && npm run test:nodejs; echo done',
      lint: 'eslint .',
      'test:nodejs': 'node --test dist/test/*.js',
      posttest: 'c8 report',
    };
    expect(
      scriptSteps(scripts, 'test').map((step) => `${step.script}: ${step.command} [${step.kind}]`),
    ).toEqual([
      'prebuild: rimraf dist [other]',
      'build: tsc [other]',
      'lint: eslint . [other]',
      'test:nodejs: node --test dist/test/*.js [node:test]',
      'test: echo done [other]',
      'posttest: c8 report [other]',
    ]);
  });

  it('stops on a script that calls itself', () => {
    expect(scriptSteps({ test: 'npm test' }, 'test')).toEqual([
      { script: 'test', command: 'npm test', kind: 'other' },
    ]);
  });
});
