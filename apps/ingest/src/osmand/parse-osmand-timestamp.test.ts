import { describe, expect, it } from 'vitest';
import { parseOsmandTimestamp } from './parse-osmand-timestamp';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const iso = (value: string) => {
  const result = parseOsmandTimestamp(value, NOW);
  return result.ok ? result.time.toISOString() : result.message;
};

describe('parseOsmandTimestamp', () => {
  it('reads Unix seconds below 2^31 and milliseconds above', () => {
    expect(iso('1377177267')).toBe('2013-08-22T13:14:27.000Z');
    expect(iso('1442068686579')).toBe('2015-09-12T14:38:06.579Z');
    expect(iso('1377177267.25')).toBe('2013-08-22T13:14:27.250Z');
  });

  it('reads ISO-8601, taking a time without offset as UTC', () => {
    expect(iso('2016-01-27T18:55:47Z')).toBe('2016-01-27T18:55:47.000Z');
    expect(iso('2021-08-16T11:30:00-04:00')).toBe('2021-08-16T15:30:00.000Z');
    expect(iso('2021-08-16T11:30:00+0200')).toBe('2021-08-16T09:30:00.000Z');
    expect(iso('2021-08-16T11:30:00.5')).toBe('2021-08-16T11:30:00.500Z');
  });

  it('reads yyyy-MM-dd HH:mm:ss as UTC', () => {
    expect(iso('2014-06-04 09:10:11')).toBe('2014-06-04T09:10:11.000Z');
  });

  it('refuses other forms, impossible dates and clocks far off', () => {
    expect(iso('04/06/2014')).toMatch(/is not Unix seconds/);
    expect(iso('2014-02-30 09:10:11')).toMatch(/not a valid date/);
    expect(iso('2014-06-04Tnoon')).toMatch(/not an ISO-8601/);
    expect(iso('12')).toMatch(/outside 2000-01-01/);
    expect(iso('4102444800')).toMatch(/outside/);
    expect(iso('99999999999999999999')).toMatch(/outside|not a valid/);
  });
});
