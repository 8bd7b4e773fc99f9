import { describe, expect, it } from 'vitest';
import { checkOutput } from './check-output';

describe('checkOutput', () => {
  it('passes contract-valid records and refuses the others as a bug', () => {
    const event = {
      id: '01JWNNSVG0NY800VJDHGK14EHC',
      type: 'entity',
      v: 1,
      source: 'vigie-processor',
      occurredAt: '2025-06-01T12:00:00Z',
      receivedAt: '2025-06-01T12:00:01Z',
      payload: {
        entityId: 'truck-1',
        entityKind: 'vehicle',
        connectivity: 'online',
        updatedAt: '2025-06-01T12:00:01Z',
      },
    };
    expect(() =>
      checkOutput('live.entities', [{ key: 'truck-1', value: JSON.stringify(event) }]),
    ).not.toThrow();
    expect(() => checkOutput('live.entities', [{ key: 'truck-2', value: JSON.stringify(event) }])).toThrow(
      /keyed/,
    );
    const broken = { ...event, payload: { ...event.payload, connectivity: 'maybe' } };
    expect(() => checkOutput('live.entities', [{ key: 'truck-1', value: JSON.stringify(broken) }])).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }),
    );
  });
});
