import { describe, expect, it } from 'vitest';
import { detectFailure, responseText } from './detect-failure';
import { FailureType } from './failure-type';

const run = (statusCode: number | null, response: unknown, durationSeconds = 1.2, error?: string) => ({
  statusCode,
  response,
  durationSeconds,
  error,
});

describe('detectFailure', () => {
  it('puts the duration first: a slow 200 or 403 is an execution_timeout', () => {
    expect(detectFailure(run(200, '{"ok":true}', 31)).failureType).toBe(FailureType.EXECUTION_TIMEOUT);
    expect(detectFailure(run(403, 'Forbidden', 45.5)).reason).toContain('45.5 s, over the 30 s');
    expect(detectFailure(run(200, '{"ok":true}', 30)).failureType).toBe(FailureType.NO_FAILURE);
    expect(detectFailure(run(200, '{"ok":true}', 12), { executionTimeoutSeconds: 10 }).failureType).toBe(
      FailureType.EXECUTION_TIMEOUT,
    );
  });

  it('maps 401 and 403 to 403_unauthorized', () => {
    expect(detectFailure(run(403, '')).failureType).toBe(FailureType.AUTH_FAILURE);
    expect(detectFailure(run(401, 'Authorization data is wrong!')).failureType).toBe(
      FailureType.AUTH_FAILURE,
    );
  });

  it('maps the proxy and gateway family to 504_gateway_timeout', () => {
    for (const status of [502, 503, 504, 522, 524]) {
      const detection = detectFailure(run(status, '<html>error code: 524</html>'));
      expect(detection.failureType, `HTTP ${status}`).toBe(FailureType.GATEWAY_TIMEOUT);
      expect(detection.reason).toContain('proxy or gateway');
    }
  });

  it("maps n8n's 404 'webhook is not registered' to webhook_error", () => {
    const body = {
      code: 404,
      message: 'The requested webhook "POST video-assembly" is not registered.',
      hint: "Click the 'Execute workflow' button",
    };
    const detection = detectFailure(run(404, JSON.stringify(body)));
    expect(detection.failureType).toBe(FailureType.WEBHOOK_FAILURE);
    expect(detection.reason).toContain('not registered');
  });

  it('refines other 4xx/5xx by the response and defaults to unknown_error', () => {
    expect(detectFailure(run(500, '{"code":0,"message":"Workflow could not be started!"}')).failureType).toBe(
      FailureType.WEBHOOK_FAILURE,
    );
    expect(detectFailure(run(500, '{"message":"Error in workflow"}')).failureType).toBe(
      FailureType.UNKNOWN_ERROR,
    );
    expect(detectFailure(run(422, 'nope')).failureType).toBe(FailureType.UNKNOWN_ERROR);
    expect(detectFailure(run(429, 'slow down')).reason).toBe('HTTP 429');
  });

  it('checks the response patterns in order: auth, gateway, webhook, error', () => {
    expect(detectFailure(run(200, 'upstream: access denied, timeout')).failureType).toBe(
      FailureType.AUTH_FAILURE,
    );
    expect(detectFailure(run(200, 'Service Unavailable: Gateway Timeout')).failureType).toBe(
      FailureType.GATEWAY_TIMEOUT,
    );
    expect(detectFailure(run(200, 'webhook failed with an error')).failureType).toBe(
      FailureType.WEBHOOK_FAILURE,
    );
    expect(detectFailure(run(200, 'TypeError: exception in node')).failureType).toBe(
      FailureType.UNKNOWN_ERROR,
    );
  });

  it('matches on word boundaries and ignores empty JSON fields', () => {
    expect(detectFailure(run(200, 'no terrors here, zero timeouts')).failureType).toBe(
      FailureType.NO_FAILURE,
    );
    expect(detectFailure(run(200, { ok: true, error: null, errors: [], failed: false })).failureType).toBe(
      FailureType.NO_FAILURE,
    );
    expect(detectFailure(run(200, { ok: false, error: 'quota exceeded' })).failureType).toBe(
      FailureType.UNKNOWN_ERROR,
    );
  });

  it('treats an empty 200 as a failed run unless the workflow answers empty on purpose', () => {
    const empty = detectFailure(run(200, '  '));
    expect(empty.failureType).toBe(FailureType.UNKNOWN_ERROR);
    expect(empty.reason).toContain('Respond to Webhook');
    expect(detectFailure(run(200, ''), { allowEmptyResponse: true }).failureType).toBe(
      FailureType.NO_FAILURE,
    );
    expect(detectFailure(run(204, '')).failureType).toBe(FailureType.NO_FAILURE);
  });

  it('reports a transport error without an HTTP status', () => {
    expect(detectFailure(run(null, '', 0.01, 'connect ECONNREFUSED 127.0.0.1:5678')).failureType).toBe(
      FailureType.UNKNOWN_ERROR,
    );
    expect(detectFailure(run(null, '', 5, 'The operation was aborted due to timeout')).failureType).toBe(
      FailureType.GATEWAY_TIMEOUT,
    );
    expect(detectFailure(run(null, 'all good')).failureType).toBe(FailureType.NO_FAILURE);
  });
});

describe('responseText', () => {
  it('keeps plain text and drops empty JSON fields', () => {
    expect(responseText(' hello ')).toBe('hello');
    expect(responseText('{"a":1,"b":null,"c":{"d":[]}}')).toBe('{"a":1}');
    expect(responseText(undefined)).toBe('');
    expect(responseText('{broken')).toBe('{broken');
  });
});
