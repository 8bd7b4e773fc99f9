import { describe, expect, it } from 'vitest';
import entity from '../fixtures/v1/live.entities.json';
import { ReplayClientToGateway, ReplayGatewayToClient } from './replay-socket-catalog';
import { parseSocketEvent } from './socket-catalog';

const open = {
  v: 1,
  from: '2026-03-01T00:00:00Z',
  to: '2026-03-02T00:00:00Z',
  layers: ['assets', 'incidents'],
};

describe('ReplayClientToGateway', () => {
  it('accepts open, play, pause, step, seek, speed, ack and close', () => {
    expect(parseSocketEvent(ReplayClientToGateway, 'open', open).ok).toBe(true);
    expect(parseSocketEvent(ReplayClientToGateway, 'open', { ...open, bbox: [34, -20, 35, -19] }).ok).toBe(
      true,
    );
    for (const name of ['play', 'pause', 'close'] as const) {
      expect(parseSocketEvent(ReplayClientToGateway, name, { v: 1 }).ok).toBe(true);
    }
    expect(parseSocketEvent(ReplayClientToGateway, 'step', { v: 1 }).ok).toBe(true);
    expect(parseSocketEvent(ReplayClientToGateway, 'step', { v: 1, seconds: -30 }).ok).toBe(true);
    expect(parseSocketEvent(ReplayClientToGateway, 'seek', { v: 1, at: '2026-03-01T06:00:00Z' }).ok).toBe(
      true,
    );
    expect(parseSocketEvent(ReplayClientToGateway, 'speed', { v: 1, x: 60 }).ok).toBe(true);
    expect(parseSocketEvent(ReplayClientToGateway, 'ack', { v: 1, seq: 3 }).ok).toBe(true);
  });

  it.each([
    ['to before from', { ...open, to: '2026-02-28T00:00:00Z' }, 'to'],
    ['a range of eight days', { ...open, to: '2026-03-09T00:00:01Z' }, 'to'],
    ['no layers', { ...open, layers: [] }, 'layers'],
    ['an unknown layer', { ...open, layers: ['weather'] }, 'layers[0]'],
    ['a local time', { ...open, from: '2026-03-01T00:00:00' }, 'from'],
  ])('rejects an open with %s', (_label, data, path) => {
    const result = parseSocketEvent(ReplayClientToGateway, 'open', data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });

  it('bounds speed to 1…600 and refuses a zero step', () => {
    expect(parseSocketEvent(ReplayClientToGateway, 'speed', { v: 1, x: 0.5 }).ok).toBe(false);
    expect(parseSocketEvent(ReplayClientToGateway, 'speed', { v: 1, x: 601 }).ok).toBe(false);
    expect(parseSocketEvent(ReplayClientToGateway, 'speed', { v: 1, x: 600 }).ok).toBe(true);
    expect(parseSocketEvent(ReplayClientToGateway, 'step', { v: 1, seconds: 0 }).ok).toBe(false);
  });
});

describe('ReplayGatewayToClient', () => {
  it('accepts opened, frame, state, ended and error', () => {
    const opened = {
      v: 1,
      sessionId: 'r-1',
      from: open.from,
      to: open.to,
      layers: open.layers,
      bucketSeconds: 300,
      histogram: [{ at: open.from, count: 12 }],
      incidents: [{ incidentId: 'inc-1', seq: 1, change: 'opened', at: '2026-03-01T01:00:00Z' }],
    };
    expect(parseSocketEvent(ReplayGatewayToClient, 'opened', opened).ok).toBe(true);
    const frame = {
      v: 1,
      seq: 1,
      at: '2026-03-01T01:00:00Z',
      snapshot: true,
      upserts: [entity.payload],
      removes: [],
      alerts: [
        {
          alertId: 'a-1',
          kind: 'threshold',
          severity: 'severe',
          status: 'active',
          title: 'Water level above 4 m',
          position: { lon: 34.8, lat: -19.8 },
          raisedAt: '2026-03-01T00:50:00Z',
        },
      ],
      alertRemoves: [],
      incidents: [
        {
          incidentId: 'inc-1',
          seq: 2,
          change: 'status_changed',
          status: 'acknowledged',
          severity: 'severe',
          title: 'Flooding',
          openedAt: '2026-03-01T00:55:00Z',
          at: '2026-03-01T00:58:00Z',
        },
      ],
      incidentRemoves: [],
      actions: [
        {
          commandId: 'c-1',
          kind: 'acknowledge_incident',
          actorId: 'u-1',
          target: 'inc-1',
          at: '2026-03-01T00:58:00Z',
          outcome: 'applied',
        },
      ],
    };
    const parsed = parseSocketEvent(ReplayGatewayToClient, 'frame', frame);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.payload.upserts[0]?.entityId).toBe('truck-07');
    const state = { v: 1, playing: true, speed: 60, at: '2026-03-01T01:00:00Z' };
    expect(parseSocketEvent(ReplayGatewayToClient, 'state', state).ok).toBe(true);
    expect(parseSocketEvent(ReplayGatewayToClient, 'ended', { v: 1, at: open.to }).ok).toBe(true);
    const error = { v: 1, code: 'FORBIDDEN', message: 'Replay needs the replay.view permission' };
    expect(parseSocketEvent(ReplayGatewayToClient, 'error', error).ok).toBe(true);
  });

  it('rejects a frame with a negative sequence', () => {
    const frame = {
      v: 1,
      seq: -1,
      at: open.from,
      snapshot: false,
      upserts: [],
      removes: [],
      alerts: [],
      alertRemoves: [],
      incidents: [],
      incidentRemoves: [],
      actions: [],
    };
    expect(parseSocketEvent(ReplayGatewayToClient, 'frame', frame).ok).toBe(false);
  });
});
