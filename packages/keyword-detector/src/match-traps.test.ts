import { describe, expect, it } from 'vitest';
import { trapFor } from './match-traps';

/** The trap voiding `phrase` at its last occurrence in `line`. */
function trapIn(line: string, phrase: string, kind: 'completion' | 'failure') {
  const index = line.lastIndexOf(phrase);
  return trapFor(line, index, phrase, kind);
}

describe('trapFor', () => {
  it.each([
    ['0 failed', 'failed', 'failure', 'negated or zero count'],
    ['Tests: 12 passed, 0 failed', 'failed', 'failure', 'negated or zero count'],
    ['no errors', 'errors', 'failure', 'negated or zero count'],
    ['finished without errors', 'errors', 'failure', 'negated or zero count'],
    ['0 tests passed', 'passed', 'completion', 'negated or zero count'],
    ['the bug is not yet fixed', 'fixed', 'completion', 'negated or zero count'],
    ["it wasn't deployed", 'deployed', 'completion', 'negated or zero count'],
    ['errors: 0', 'errors', 'failure', 'count of zero after the word'],
    ['failed=0 passed=3', 'failed', 'failure', 'count of zero after the word'],
    ['{"error": null}', 'error', 'failure', 'field name in structured data'],
    ["'resolved': 'x'", 'resolved', 'completion', 'field name in structured data'],
    ['Progress: resolved 345, reused 300', 'resolved', 'completion', 'package manager progress'],
    ['Resolved 23 packages in 1.2s', 'Resolved', 'completion', 'package manager progress'],
    ['Server live on http://localhost:3000', 'live on', 'completion', 'local address'],
    ['live on port 3000', 'live on', 'completion', 'local address'],
    ['app deployed to 127.0.0.1:8080', 'deployed', 'completion', 'local address'],
    ['404 passed', '404', 'failure', 'number that is a count'],
    ['403 tests', '403', 'failure', 'number that is a count'],
    ['retry if an error occurs', 'error', 'failure', 'conditional wording'],
    ['when it failed we retried', 'failed', 'failure', 'conditional wording'],
  ] as const)('%s: "%s" is a trap (%s)', (line, phrase, kind, trap) => {
    expect(trapIn(line, phrase, kind)).toBe(trap);
  });

  it.each([
    ['1 failed', 'failed', 'failure'],
    ['Tests: 10 failed', 'failed', 'failure'],
    ['Error: boom', 'Error', 'failure'],
    ['errors: 3', 'errors', 'failure'],
    ['GET /x 404 Not Found', '404', 'failure'],
    ['HTTP 403 Forbidden', '403', 'failure'],
    ['12 passed', 'passed', 'completion'],
    ['bug resolved in #12', 'resolved', 'completion'],
    ['live on https://app.example.com', 'live on', 'completion'],
    ['nothing else; fixed', 'fixed', 'completion'],
  ] as const)('%s: "%s" holds', (line, phrase, kind) => {
    expect(trapIn(line, phrase, kind)).toBeUndefined();
  });

  it('looks only at the same line', () => {
    expect(trapIn('0\nfailed', 'failed', 'failure')).toBeUndefined();
    expect(trapIn('errors\n: 0', 'errors', 'failure')).toBeUndefined();
  });

  it('does not apply a failure-only trap to a completion', () => {
    expect(trapIn('when it passed', 'passed', 'completion')).toBeUndefined();
  });
});
