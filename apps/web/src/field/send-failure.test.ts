import { describe, expect, it } from 'vitest';
import { classifySendError } from './send-failure';

describe('send failures', () => {
  it('retries when the network or the gateway is away', () => {
    expect(classifySendError(new TypeError('Failed to fetch'))).toEqual({
      retriable: true,
      message: 'Failed to fetch',
    });
    const busy = Object.assign(new Error('busy'), { data: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(classifySendError(busy).retriable).toBe(true);
    const signedOut = Object.assign(new Error('no session'), { data: { code: 'UNAUTHORIZED' } });
    expect(classifySendError(signedOut).retriable).toBe(true);
  });

  it('gives up on what the gateway refuses for good, saying why', () => {
    const refused = Object.assign(new Error('not your asset'), { data: { code: 'FORBIDDEN' } });
    expect(classifySendError(refused)).toEqual({ retriable: false, message: 'FORBIDDEN: not your asset' });
    const invalid = Object.assign(new Error('bad'), { data: { code: 'BAD_REQUEST' } });
    expect(classifySendError(invalid).retriable).toBe(false);
  });
});
