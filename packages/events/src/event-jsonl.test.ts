import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type AutomationEventInput, parseAutomationEvent } from './automation-event';
import { eventToJsonLine, readJsonLines } from './event-jsonl';

const input: AutomationEventInput = {
  eventType: 'session_started',
  projectId: 'demo',
  status: 'success',
  evidence: { hook_event_name: 'SessionStart' },
  detectedFrom: 'hook',
  createdAt: '2026-01-20T18:45:32.123Z',
};

async function readAll(text: string) {
  const events = [];
  for await (const event of readJsonLines(Readable.from([text]), (value) =>
    parseAutomationEvent(value as AutomationEventInput),
  )) {
    events.push(event);
  }
  return events;
}

describe('event JSONL', () => {
  it('writes one line per event that reads back to the same event', async () => {
    const event = parseAutomationEvent(input);
    const line = eventToJsonLine(event);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).not.toContain('"id"');
    expect(await readAll(`${line}\n${line}`)).toEqual([event, event]);
  });

  it('names the line that is not JSON', async () => {
    const line = eventToJsonLine(parseAutomationEvent(input));
    await expect(readAll(`${line}{"eventType":`)).rejects.toThrow(/^line 2: is not JSON/);
  });

  it('names the line and the field of an invalid event', async () => {
    const bad = JSON.stringify({ ...input, status: 'exploded' });
    await expect(readAll(`\n${bad}\n`)).rejects.toThrow(
      /^line 2: status: "exploded" is not a status of session_started/,
    );
  });
});
