import { describe, expect, it } from 'vitest';
import { isEtaPublicationDue } from './eta-publication';

const options = { etaPublishMs: 30_000, etaChangeMs: 60_000 };
const at = (minutes: number, seconds = 0) =>
  new Date(Date.UTC(2026, 0, 10, 12, minutes, seconds)).toISOString();
const NOW = Date.UTC(2026, 0, 10, 11, 0, 0);

describe('isEtaPublicationDue', () => {
  it('publishes a first ETA whatever it is', () => {
    expect(isEtaPublicationDue({ eta: null, at: -Infinity }, at(30), NOW, options)).toBe(true);
  });

  it('publishes a move of a minute or more at once, even just after the last publication', () => {
    const last = { eta: at(30), at: NOW - 1_000 };
    expect(isEtaPublicationDue(last, at(29), NOW, options)).toBe(true);
    expect(isEtaPublicationDue(last, at(31, 30), NOW, options)).toBe(true);
  });

  it('holds a small move back until the last publication is old enough', () => {
    const recent = { eta: at(30), at: NOW - 29_999 };
    expect(isEtaPublicationDue(recent, at(30, 20), NOW, options)).toBe(false);
    const older = { eta: at(30), at: NOW - 30_000 };
    expect(isEtaPublicationDue(older, at(30, 20), NOW, options)).toBe(true);
  });

  it('never republishes an unchanged ETA', () => {
    expect(isEtaPublicationDue({ eta: at(30), at: NOW - 3_600_000 }, at(30), NOW, options)).toBe(false);
  });

  it('compares a stored ETA with the new one by time, not by spelling', () => {
    const stored = { eta: '2026-01-10T12:30:00Z', at: -Infinity };
    expect(isEtaPublicationDue(stored, at(30), NOW, options)).toBe(false);
    expect(isEtaPublicationDue(stored, at(30, 10), NOW, options)).toBe(true);
  });
});
