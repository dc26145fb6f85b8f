import { ValidationError } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { eventQueryFromParams } from './event-list-route';

const query = (text: string) => eventQueryFromParams(new URLSearchParams(text));

describe('eventQueryFromParams', () => {
  it('reads every filter of tier1 events list, repeated types and statuses as lists', () => {
    expect(
      query(
        'type=a&type=b&status=failed&project=p&session=s&since=2026-01-20T09:00:00.000Z&until=2026-01-21&limit=5&cursor=c',
      ),
    ).toEqual({
      eventType: ['a', 'b'],
      status: 'failed',
      projectId: 'p',
      sessionId: 's',
      since: new Date('2026-01-20T09:00:00Z'),
      until: new Date('2026-01-21'),
      limit: 5,
      cursor: 'c',
    });
  });

  it('leaves out what is absent or empty: no default project, unlike the dashboard', () => {
    expect(query('project=&cursor=')).toEqual({
      eventType: undefined,
      status: undefined,
      projectId: undefined,
      sessionId: undefined,
      since: undefined,
      until: undefined,
      limit: undefined,
      cursor: undefined,
    });
  });

  it('refuses a time that is not one, naming the parameter and the fix', () => {
    let thrown: unknown;
    try {
      query('until=tomorrow');
    } catch (error) {
      thrown = error;
    }
    expect(ValidationError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      field: 'until',
      userMistake: true,
      hint: expect.stringContaining('ISO 8601'),
    });
  });

  it('passes a limit on for the store to judge, as a number', () => {
    expect(query('limit=abc').limit).toBeNaN();
    expect(query('limit=2000').limit).toBe(2000);
  });
});
