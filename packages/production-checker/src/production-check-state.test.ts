import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProductionCheckState,
  productionCheckStatePath,
  readProductionCheckState,
  writeProductionCheckState,
} from './production-check-state';

const state: ProductionCheckState = {
  version: 1,
  projectId: 'shop',
  root: '/repo/shop',
  decision: 'no_go',
  failedChecks: ['tests', 'security'],
  advisoryFailures: [],
  checkedAt: '2026-12-01T12:00:00.000Z',
  commit: 'a'.repeat(40),
  eventUid: null,
};

describe('production check state', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tier1-check-state-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads back what was written, one file per project, with no temporary file left', () => {
    const path = writeProductionCheckState(home, state);
    expect(path).toBe(productionCheckStatePath(home, 'shop'));
    expect(readProductionCheckState(home, 'shop')).toEqual({ kind: 'found', state, path });
    expect(readdirSync(join(home, 'production-check'))).toEqual(['shop.json']);
    expect(readProductionCheckState(home, 'other').kind).toBe('missing');
  });

  it('makes any project id a safe file name', () => {
    const path = productionCheckStatePath(home, '../../etc/passwd');
    expect(dirname(path)).toBe(join(home, 'production-check'));
    expect(basename(path)).toBe('_._.._etc_passwd.json');
  });

  it('reports a damaged or foreign file instead of throwing', () => {
    mkdirSync(join(home, 'production-check'));
    writeFileSync(productionCheckStatePath(home, 'shop'), '{"version": 1, "decision": "go"');
    const broken = readProductionCheckState(home, 'shop');
    expect(broken.kind).toBe('unreadable');
    writeFileSync(productionCheckStatePath(home, 'shop'), JSON.stringify({ ...state, decision: 'maybe' }));
    expect(readProductionCheckState(home, 'shop')).toMatchObject({
      kind: 'unreadable',
      problem: 'it is not a production check state of version 1',
    });
  });
});
