import { describe, expect, it } from 'vitest';
import { kmlPoints, xmlEscape } from './format-tracks';

describe('xmlEscape', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(xmlEscape(`Boat <1> & "co" 'x'\u0001\tend`)).toBe(
      'Boat &lt;1&gt; &amp; &quot;co&quot; &apos;x&apos;\tend',
    );
  });
});

describe('kmlPoints', () => {
  it('lists times and coordinates in the same order, altitude 0 when unknown', () => {
    const points = [
      { lon: 1, lat: 2, altitude: null, time: new Date('2026-01-01T00:00:00Z'), speed: null, heading: null },
      { lon: 3, lat: 4, altitude: 5, time: new Date('2026-01-01T00:01:00Z'), speed: null, heading: null },
    ];
    const { whens, coords } = kmlPoints(points);
    expect(whens).toBe(
      '      <when>2026-01-01T00:00:00.000Z</when>\n      <when>2026-01-01T00:01:00.000Z</when>\n',
    );
    expect(coords).toBe('      <gx:coord>1 2 0</gx:coord>\n      <gx:coord>3 4 5</gx:coord>\n');
  });
});
