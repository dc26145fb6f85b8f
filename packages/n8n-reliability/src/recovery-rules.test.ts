import { describe, expect, it } from 'vitest';
import { whyNotRecover } from './recovery-rules';

const failed = { executionId: '7', executionStatus: 'error', retrySuccessId: null };
const allowed = { mapped: true, recoveryOff: false };

describe('whyNotRecover', () => {
  it('lets a failed, finished, unretried run of a mapped workflow be recovered', () => {
    expect(whyNotRecover(failed, allowed)).toBeUndefined();
    expect(whyNotRecover({ executionId: null, executionStatus: null }, allowed)).toBeUndefined();
  });

  it('holds back a run n8n still runs, one n8n retried successfully, an unmapped one, and when off', () => {
    expect(whyNotRecover({ ...failed, executionStatus: 'running' }, allowed)?.code).toBe('still_running');
    expect(whyNotRecover({ ...failed, executionStatus: 'waiting' }, allowed)?.code).toBe('still_running');
    expect(whyNotRecover({ ...failed, retrySuccessId: '9' }, allowed)).toMatchObject({
      code: 'retried_by_n8n',
      reason: expect.stringContaining('as execution 9'),
    });
    expect(whyNotRecover(failed, { mapped: false, recoveryOff: false })?.code).toBe('unmapped');
    expect(whyNotRecover(failed, { mapped: true, recoveryOff: true })?.code).toBe('turned_off');
  });
});
