import { describe, expect, it } from 'vitest';
import { PAP, T0, positionEvent, reportEvent } from '../test/raw-events';
import { decodeRecord } from './decode-record';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeRecord', () => {
  it('accepts a valid event and checks its key', () => {
    const event = positionEvent('truck-1', T0, PAP);
    const ok = decodeRecord('raw.positions', { key: 'truck-1', value: bytes(event) });
    expect(ok).toMatchObject({ ok: true, key: 'truck-1', keyMatches: true, event: { id: event.id } });
    expect(decodeRecord('raw.positions', { key: 'other', value: bytes(event) })).toMatchObject({
      keyMatches: false,
    });
  });

  it('rejects what is not UTF-8 JSON, or empty', () => {
    expect(decodeRecord('raw.positions', { key: 'k', value: bytes('{"id": ') })).toMatchObject({
      ok: false,
      code: 'DECODE_FAILED',
    });
    expect(decodeRecord('raw.positions', { key: 'k', value: Buffer.from([0xff, 0xfe, 0x7b]) })).toMatchObject(
      {
        code: 'DECODE_FAILED',
      },
    );
    expect(decodeRecord('raw.positions', { key: 'k', value: Buffer.alloc(0) })).toMatchObject({
      code: 'DECODE_FAILED',
      message: 'Empty message',
    });
  });

  it('rejects contract violations with the path of each issue', () => {
    const outOfRange = positionEvent('truck-1', T0, { lon: 200, lat: 18 });
    const result = decodeRecord('raw.positions', { key: 'truck-1', value: bytes(outOfRange) });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    if (!result.ok) expect(result.issues[0]?.path).toBe('payload.position.lon');

    const wrongType = { ...positionEvent('truck-1', T0, PAP), payload: { assetId: 7, position: 'here' } };
    const typed = decodeRecord('raw.positions', { key: 'truck-1', value: bytes(wrongType) });
    expect(typed.ok).toBe(false);

    const control = reportEvent('sms', 'r1', 'flood\u0007\u0000 here');
    expect(decodeRecord('raw.reports', { key: 'sms|r1', value: bytes(control) })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const huge = reportEvent('sms', 'r2', 'x'.repeat(9000));
    const big = decodeRecord('raw.reports', { key: 'sms|r2', value: bytes(huge) });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.issues[0]).toMatchObject({ path: 'payload.text', code: 'too_big' });
  });

  it('calls an unknown version unsupported', () => {
    const future = { ...positionEvent('truck-1', T0, PAP), v: 2 };
    expect(decodeRecord('raw.positions', { key: 'truck-1', value: bytes(future) })).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
    });
  });

  it('rejects active markup anywhere in the payload', () => {
    const script = reportEvent('sms', 'r3', 'help <script>alert(1)</script>');
    const result = decodeRecord('raw.reports', { key: 'sms|r3', value: bytes(script) });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    if (!result.ok) {
      expect(result.issues).toEqual([
        { path: 'payload.text', message: 'contains an HTML <script> element', code: 'hostile_markup' },
      ]);
    }
    const attr = positionEvent('truck-1', T0, PAP, { attributes: { note: '<img src=x onerror=alert(1)>' } });
    expect(decodeRecord('raw.positions', { key: 'truck-1', value: bytes(attr) })).toMatchObject({
      ok: false,
    });
  });
});
