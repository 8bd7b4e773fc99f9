import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { ZUnit } from '@vigie/contracts/readings';
import { formatHeading, formatPosition, formatSpeed, timeAgo, unitSymbol } from './format';

describe('formatting', () => {
  const now = Date.parse('2024-09-14T08:10:00Z');

  it('says how long ago', () => {
    expect(timeAgo(en, '2024-09-14T08:09:58Z', now)).toBe('just now');
    expect(timeAgo(en, '2024-09-14T08:09:30Z', now)).toBe('30 s ago');
    expect(timeAgo(fr, '2024-09-14T08:00:00Z', now)).toBe('il y a 10 min');
    expect(timeAgo(en, '2024-09-13T08:10:00Z', now)).toBe('24 h ago');
    expect(timeAgo(en, undefined, now)).toBeNull();
  });

  it('converts speeds to km/h and headings to compass points', () => {
    expect(formatSpeed('en', 10, 'km/h')).toBe('36 km/h');
    expect(formatHeading('en', 274)).toBe('274° W');
    expect(formatHeading('fr', 225)).toBe('225° SO');
    expect(formatHeading('en', 359)).toBe('359° N');
  });

  it('writes positions with hemispheres', () => {
    expect(formatPosition(34.8389, -19.8436)).toBe('19.8436° S, 34.8389° E');
  });

  it('writes unit symbols for every contract unit', () => {
    expect(unitSymbol('degC')).toBe('°C');
    expect(unitSymbol('percent')).toBe('%');
    for (const unit of ZUnit.options) expect(unitSymbol(unit)).not.toBe('');
    expect(unitSymbol('furlong')).toBe('furlong');
  });
});
