import { afterAll, beforeAll } from 'vitest';
import type { AutomationHub } from '../../src/automation-hub';
import { openAutomationHub } from '../../src/open-automation-hub';

/** One real in-memory PGlite store for a test file, opened before its tests and closed after. */
export function useMemoryHub(): () => AutomationHub {
  let hub: AutomationHub | undefined;
  beforeAll(async () => {
    hub = await openAutomationHub({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await hub?.close();
  });
  return () => {
    if (!hub) throw new Error('the store is opened in beforeAll');
    return hub;
  };
}
