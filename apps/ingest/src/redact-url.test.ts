import { describe, expect, it } from 'vitest';
import { redactUrl, redactingRequestSerializer } from './redact-url';

describe('redactUrl', () => {
  it('removes API keys from OsmAnd paths and from key-like query parameters', () => {
    expect(redactUrl('/api/v1/osmand/vk_0123456789abcdef_secret?id=1&lat=2')).toBe(
      '/api/v1/osmand/[redacted]?id=1&lat=2',
    );
    expect(redactUrl('/api/v1/osmand?id=1&key=vk_x_y&lat=2')).toBe(
      '/api/v1/osmand?id=1&key=[redacted]&lat=2',
    );
    expect(redactUrl('/x?token=abc&access_token=def')).toBe('/x?token=[redacted]&access_token=[redacted]');
    expect(redactUrl('/api/v1/events')).toBe('/api/v1/events');
  });

  it('serialises requests without headers', () => {
    const out = redactingRequestSerializer({
      method: 'GET',
      url: '/api/v1/osmand/vk_secret',
      headers: { authorization: 'Bearer vk_secret' },
    });
    expect(JSON.stringify(out)).not.toContain('vk_secret');
  });
});
