import { describe, expect, it } from 'vitest';
import entity from '../fixtures/v1/live.entities.json';
import { ClientToGateway, GatewayToClient, parseSocketEvent } from './socket-catalog';

const subscribe = { v: 1, bbox: [34.7, -19.9, 35.0, -19.7], zoom: 12.5, layers: ['assets', 'incidents'] };

describe('ClientToGateway', () => {
  it('accepts subscribe, unsubscribe and resync', () => {
    expect(parseSocketEvent(ClientToGateway, 'subscribe', subscribe).ok).toBe(true);
    expect(parseSocketEvent(ClientToGateway, 'unsubscribe', { v: 1 }).ok).toBe(true);
    expect(parseSocketEvent(ClientToGateway, 'resync', { v: 1, fromSeq: 1_204 }).ok).toBe(true);
  });

  it.each([
    ['bad bbox order', { ...subscribe, bbox: [34.7, -19.7, 35.0, -19.9] }, 'bbox[3]'],
    ['bbox out of range', { ...subscribe, bbox: [34.7, -19.9, 35.0, 95] }, 'bbox[3]'],
    ['zoom too deep', { ...subscribe, zoom: 30 }, 'zoom'],
    ['no layers', { ...subscribe, layers: [] }, 'layers'],
    ['unknown layer', { ...subscribe, layers: ['weather'] }, 'layers[0]'],
    ['duplicate layers', { ...subscribe, layers: ['assets', 'assets'] }, 'layers'],
    ['wrong version', { ...subscribe, v: 2 }, 'v'],
    ['missing version', { bbox: subscribe.bbox, zoom: 3, layers: ['assets'] }, 'v'],
  ])('rejects a subscribe with %s', (_label, data, path) => {
    const result = parseSocketEvent(ClientToGateway, 'subscribe', data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });

  it('rejects a negative resync sequence and unknown events', () => {
    expect(parseSocketEvent(ClientToGateway, 'resync', { v: 1, fromSeq: -1 }).ok).toBe(false);
    const unknown = parseSocketEvent(ClientToGateway, 'hack' as 'resync', { v: 1 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.summary).toBe('Unknown socket event hack');
  });
});

describe('GatewayToClient', () => {
  it('accepts snapshot, delta and error', () => {
    const snapshot = parseSocketEvent(GatewayToClient, 'snapshot', {
      v: 1,
      seq: 10,
      entities: [entity.payload],
    });
    expect(snapshot.ok).toBe(true);
    if (snapshot.ok) expect(snapshot.payload.entities[0]?.entityId).toBe('truck-07');
    const delta = { v: 1, seq: 11, upserts: [entity.payload], removes: ['boat-02'] };
    expect(parseSocketEvent(GatewayToClient, 'delta', delta).ok).toBe(true);
    const error = { v: 1, code: 'FORBIDDEN', message: 'Field staff see only what is near them' };
    expect(parseSocketEvent(GatewayToClient, 'error', error).ok).toBe(true);
  });

  it('rejects malformed entities, removes and errors', () => {
    const badEntity = { ...entity.payload, position: { lon: 0, lat: 100 } };
    const snapshot = parseSocketEvent(GatewayToClient, 'snapshot', { v: 1, seq: 10, entities: [badEntity] });
    expect(snapshot.ok).toBe(false);
    if (!snapshot.ok) expect(snapshot.issues[0]?.path).toBe('entities[0].position.lat');
    expect(
      parseSocketEvent(GatewayToClient, 'delta', { v: 1, seq: 1, upserts: [], removes: ['a b'] }).ok,
    ).toBe(false);
    expect(parseSocketEvent(GatewayToClient, 'delta', { v: 1, seq: 1.5, upserts: [], removes: [] }).ok).toBe(
      false,
    );
    expect(parseSocketEvent(GatewayToClient, 'error', { v: 1, code: 'NOPE', message: 'x' }).ok).toBe(false);
  });

  it('declares a version for every event', () => {
    for (const catalog of [ClientToGateway, GatewayToClient]) {
      for (const [name, event] of Object.entries(catalog)) expect(event.version, name).toBe(1);
    }
  });
});
