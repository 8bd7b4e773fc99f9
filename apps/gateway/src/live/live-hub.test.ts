import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../metrics/gateway-metrics';
import { EntityIndex } from './entity-index';
import type { DeltaPayload, LiveTransport, SnapshotPayload } from './live-hub';
import { LiveHub } from './live-hub';

let clock = Date.parse('2025-01-01T00:00:00Z');
const state = (id: string, lon: number, lat: number): TLiveEntityV1 => ({
  entityId: id,
  entityKind: 'vehicle',
  connectivity: 'online',
  position: { lon, lat },
  updatedAt: new Date((clock += 1000)).toISOString(),
});

function setup() {
  const index = new EntityIndex({ seqBase: 1000 });
  const sent: { kind: 'snapshot' | 'delta'; to: string[]; payload: SnapshotPayload | DeltaPayload }[] = [];
  const writable = new Set<string>();
  const transport: LiveTransport = {
    isWritable: (id) => writable.has(id),
    snapshot: (id, payload) => sent.push({ kind: 'snapshot', to: [id], payload }),
    delta: (ids, payload) => sent.push({ kind: 'delta', to: [...ids], payload }),
    error: () => undefined,
    disconnect: () => undefined,
  };
  const logger = pino({ level: 'silent' });
  let time = 0;
  const hub = new LiveHub({
    now: () => (time += 100),
    index,
    metrics: createGatewayMetrics(new Registry()),
    logger,
    tickMs: 100,
    fieldTickMs: 1000,
    fieldRadiusM: 10_000,
  });
  hub.setTransport(transport);
  const add = (id: string) => {
    writable.add(id);
    hub.addClient({
      socketId: id,
      user: { id: `u-${id}`, email: `${id}@x.org`, name: id, role: 'coordinator', locale: 'en' },
      tokenHash: `t-${id}`,
      anchorIds: [],
      logger,
    });
  };
  const subscribe = (id: string, bbox: [number, number, number, number]) =>
    hub.subscribe(id, { v: 1, bbox, zoom: 5, layers: ['assets'] });
  return { index, hub, sent, writable, add, subscribe };
}

describe('LiveHub', () => {
  it('answers the first subscription at the next tick, then builds one delta for clients alike', () => {
    const { index, hub, sent, add, subscribe } = setup();
    index.applyFromLog([{ entity: state('a', 1, 1) }]);
    for (const id of ['s1', 's2', 's3']) add(id);
    subscribe('s1', [0, 0, 10, 10]);
    subscribe('s2', [0, 0, 10, 10]);
    subscribe('s3', [20, 20, 30, 30]);
    expect(sent).toHaveLength(0);
    hub.tick();
    expect(sent.map((s) => s.kind)).toEqual(['snapshot', 'snapshot', 'snapshot']);
    sent.length = 0;

    index.applyFromLog([
      { entity: state('a', 2, 2) },
      { entity: state('a', 3, 3) },
      { entity: state('b', 25, 25) },
    ]);
    hub.tick();
    expect(sent).toHaveLength(2);
    const shared = sent.find((s) => s.to.length === 2)!;
    expect(shared.to.sort()).toEqual(['s1', 's2']);
    expect((shared.payload as DeltaPayload).upserts.map((e) => e.position)).toEqual([{ lon: 3, lat: 3 }]);
    const own = sent.find((s) => s.to[0] === 's3')!;
    expect((own.payload as DeltaPayload).upserts.map((e) => e.entityId)).toEqual(['b']);
  });

  it('holds nothing for a stalled client but its cursor; serves the latest state once it drains', () => {
    const { index, hub, sent, writable, add, subscribe } = setup();
    add('slow');
    subscribe('slow', [0, 0, 10, 10]);
    hub.tick();
    writable.delete('slow');
    for (let i = 0; i < 1000; i++) index.applyFromLog([{ entity: state('hot', 1 + i / 1000, 1) }]);
    hub.tick();
    expect(sent).toHaveLength(1);
    expect(hub.stats('slow')?.pendingEntities).toBe(1);
    writable.add('slow');
    hub.tick();
    const delta = sent[1]!.payload as DeltaPayload;
    expect(delta.upserts).toHaveLength(1);
    expect(delta.upserts[0]?.position?.lon).toBeCloseTo(1.999, 6);
  });

  it('gives a delta made only of viewport changes a seq of its own', () => {
    const { index, hub, sent, add, subscribe } = setup();
    index.applyFromLog([{ entity: state('left', 1, 1) }, { entity: state('right', 21, 21) }]);
    add('c');
    subscribe('c', [0, 0, 10, 10]);
    hub.tick();
    subscribe('c', [20, 20, 30, 30]);
    const [snapshot, delta] = sent.map((s) => s.payload);
    expect((delta as DeltaPayload).upserts.map((e) => e.entityId)).toEqual(['right']);
    expect((delta as DeltaPayload).removes).toEqual(['left']);
    expect(delta!.seq).toBeGreaterThan(snapshot!.seq);
  });
});
