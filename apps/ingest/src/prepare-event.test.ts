import { describe, expect, it } from 'vitest';
import { allowedKinds } from './event-kinds';
import { prepareEvent } from './prepare-event';

const RECEIVED = '2021-08-16T16:00:00.000Z';
let n = 0;
const context = (scopes: string[], source = 'gauges-sud') => ({
  key: { source, scopes },
  receivedAt: RECEIVED,
  idFor: () => `01HZZZZZZZZZZZZZZZZZZZZZ${String(n++ % 100).padStart(2, '0')}`,
});

const reading = {
  type: 'reading',
  occurredAt: '2021-08-16T15:59:00Z',
  payload: { sensorId: 'wl-1', metric: 'water_level', value: 250, unit: 'cm' },
};

describe('scope checks', () => {
  it('lists the kinds a set of scopes lets in', () => {
    expect(allowedKinds(['events:reading', 'read'])).toEqual(['reading']);
    expect(allowedKinds(['events:position', 'events:reading', 'events:report'])).toEqual([
      'position',
      'reading',
      'report',
    ]);
    expect(allowedKinds(['read', 'devices:register'])).toEqual([]);
  });

  it('refuses an event whose kind is not in the scopes, naming the scope', () => {
    const result = prepareEvent(reading, context(['events:position']));
    expect(result).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      topic: 'raw.readings',
      issues: [
        { path: 'type', message: 'The API key lacks the scope events:reading needed for reading events' },
      ],
    });
  });

  it('refuses another source and fills the source from the key when absent', () => {
    expect(prepareEvent({ ...reading, source: 'spoofed' }, context(['events:reading']))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      issues: [{ path: 'source' }],
    });
    const ok = prepareEvent(reading, context(['events:reading']));
    expect(ok.ok && JSON.parse(ok.value).source).toBe('gauges-sud');
    expect(prepareEvent({ ...reading, source: 'gauges-sud' }, context(['events:reading'])).ok).toBe(true);
  });
});

describe('prepareEvent', () => {
  it('stamps receivedAt (over any value sent), fills id, v and geo, converts units, keys by sensor', () => {
    const result = prepareEvent(
      {
        ...reading,
        receivedAt: '1999-01-01T00:00:00Z',
        payload: { ...reading.payload, position: { lon: -73.7, lat: 18.2 } },
      },
      context(['events:reading']),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = JSON.parse(result.value);
    expect(value).toMatchObject({
      type: 'reading',
      v: 1,
      receivedAt: RECEIVED,
      geo: { lon: -73.7, lat: 18.2 },
      payload: { value: 2.5, unit: 'm' },
    });
    expect(result).toMatchObject({ kind: 'reading', topic: 'raw.readings', key: 'wl-1', id: value.id });
  });

  it('normalises CRLF in report text and keys reports by source and report id', () => {
    const result = prepareEvent(
      {
        type: 'report',
        occurredAt: '2021-08-16T15:59:00Z',
        payload: { reportId: 'r9', channel: 'sms', text: 'a\r\nb\rc' },
      },
      context(['events:report']),
    );
    expect(result.ok && JSON.parse(result.value).payload.text).toBe('a\nb\nc');
    expect(result.ok && result.key).toBe('gauges-sud|r9');
  });

  it('keeps the id a source sent (upper-cased ULID) and echoes it in errors', () => {
    const ok = prepareEvent({ ...reading, id: '01j9zzzzzzzzzzzzzzzzzzzzzz' }, context(['events:reading']));
    expect(ok.ok && ok.id).toBe('01J9ZZZZZZZZZZZZZZZZZZZZZZ');
    const bad = prepareEvent(
      { ...reading, id: 'mine-1', occurredAt: 'yesterday' },
      context(['events:reading']),
    );
    expect(bad).toMatchObject({ ok: false, id: 'mine-1', code: 'VALIDATION_FAILED' });
  });

  it('says what is wrong with unknown types, other versions and non-objects', () => {
    expect(prepareEvent({ type: 'alert' }, context(['events:reading']))).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      issues: [{ path: 'type', message: expect.stringContaining('position, reading, report') }],
    });
    expect(prepareEvent({ payload: {} }, context(['events:reading']))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(prepareEvent({ ...reading, v: 2 }, context(['events:reading']))).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      issues: [{ path: 'v' }],
    });
    expect(prepareEvent([reading], context(['events:reading']))).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(prepareEvent(null, context(['events:reading']))).toMatchObject({ ok: false });
  });
});
