import { describe, expect, it } from 'vitest';
import { cancelingTimeoutSeconds, executionInput, workflowAnswer } from './execution-evidence';

// The shapes below are cut from executions of the real n8n 2.8.4 (test/workflows/, includeData=true).
const respondNode = (name: string, responseCode?: unknown) => ({
  name,
  type: 'n8n-nodes-base.respondToWebhook',
  parameters: { options: responseCode === undefined ? {} : { responseCode } },
});
const ran = (...names: string[]) => ({
  resultData: { runData: Object.fromEntries(names.map((name) => [name, [{ executionStatus: 'success' }]])) },
});

describe('workflowAnswer', () => {
  it('gives the response code of the Respond to Webhook node that ran', () => {
    const execution = {
      data: ran('Webhook', 'Refuse'),
      workflowData: { nodes: [respondNode('Refuse', 403)] },
    };
    expect(workflowAnswer(execution)).toEqual({ statusCode: 403, node: 'Refuse' });
  });

  it('ignores a Respond node that did not run, and reads an unset code as 200', () => {
    const nodes = [respondNode('Refuse', 403), respondNode('Answer')];
    expect(workflowAnswer({ data: ran('Webhook', 'Answer'), workflowData: { nodes } })).toEqual({
      statusCode: 200,
      node: 'Answer',
    });
    expect(workflowAnswer({ data: ran('Webhook'), workflowData: { nodes } })).toBeUndefined();
  });

  it('cannot read an expression, nor data without workflowData', () => {
    const nodes = [respondNode('Refuse', '={{ $json.code }}')];
    expect(workflowAnswer({ data: ran('Refuse'), workflowData: { nodes } })).toBeUndefined();
    expect(workflowAnswer({ data: ran('Refuse'), workflowData: undefined })).toBeUndefined();
    expect(workflowAnswer({ data: 'not an object', workflowData: { nodes: 'nope' } })).toBeUndefined();
  });
});

describe('cancelingTimeoutSeconds', () => {
  const canceled = (ranMs: number, executionTimeout?: unknown) => ({
    status: 'canceled',
    startedAt: '2026-12-01T11:58:05.137Z',
    stoppedAt: new Date(Date.parse('2026-12-01T11:58:05.137Z') + ranMs).toISOString(),
    data: {},
    workflowData: { settings: executionTimeout === undefined ? {} : { executionTimeout } },
  });

  it('names the workflow’s executionTimeout when the run lasted it', () => {
    expect(cancelingTimeoutSeconds(canceled(2_004, 2))).toBe(2);
  });

  it('is undefined for a run stopped by hand sooner, without a timeout, or not canceled', () => {
    expect(cancelingTimeoutSeconds(canceled(500, 2))).toBeUndefined();
    expect(cancelingTimeoutSeconds(canceled(5_000))).toBeUndefined();
    expect(cancelingTimeoutSeconds(canceled(5_000, -1))).toBeUndefined();
    expect(cancelingTimeoutSeconds({ ...canceled(5_000, 2), status: 'error' })).toBeUndefined();
  });
});

describe('executionInput', () => {
  it("takes the Webhook trigger's body, or the first item, from n8n's run data", () => {
    const webhook = {
      resultData: {
        runData: { Webhook: [{ data: { main: [[{ json: { headers: {}, body: { a: 1 } } }]] } }] },
      },
    };
    expect(executionInput({ data: webhook })).toEqual({ a: 1 });
    const schedule = {
      resultData: { runData: { Schedule: [{ data: { main: [[{ json: { timestamp: 't' } }]] } }] } },
    };
    expect(executionInput({ data: schedule })).toEqual({ timestamp: 't' });
    expect(executionInput({ data: undefined })).toEqual({});
  });
});
