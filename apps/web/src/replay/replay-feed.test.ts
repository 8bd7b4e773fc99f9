// The replay feed against a real socket.io server speaking the replay catalog on `/replay`: open, the
// snapshot and changes that follow (each acknowledged), clock requests, a malformed frame, and a dropped
// connection after which the session is opened again where the cursor was.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ReplayClientToGatewayEvents,
  ReplayGatewayToClientEvents,
} from '@vigie/contracts/replay-socket-catalog';
import { waitFor } from '@vigie/testing/wait-for';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayFeed } from './replay-feed';
import type { ReplayFeed } from './replay-feed';
import { createReplayStore } from './replay-state';
import type { ReplayFrame } from './replay-state';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const frame = (seq: number, atMs: number, parts: Partial<ReplayFrame> = {}): ReplayFrame => ({
  v: 1,
  seq,
  at: iso(atMs),
  snapshot: false,
  upserts: [],
  removes: [],
  alerts: [],
  alertRemoves: [],
  incidents: [],
  incidentRemoves: [],
  actions: [],
  ...parts,
});

describe('replay feed over socket.io', () => {
  const httpServer = createServer();
  const io = new Server(httpServer);
  const replay = io.of('/replay') as unknown as {
    on(
      event: 'connection',
      listener: (socket: Socket<ReplayClientToGatewayEvents, ReplayGatewayToClientEvents>) => void,
    ): void;
  };
  const received: { event: string; payload: Record<string, unknown> }[] = [];
  const sockets: Socket<ReplayClientToGatewayEvents, ReplayGatewayToClientEvents>[] = [];
  const liveConnections: string[] = [];
  const store = createReplayStore();
  let feed: ReplayFeed;

  const events = (name: string) => received.filter((r) => r.event === name);

  beforeAll(async () => {
    io.on('connection', (socket) => liveConnections.push(socket.id));
    replay.on('connection', (socket) => {
      sockets.push(socket);
      for (const event of ['open', 'play', 'pause', 'step', 'seek', 'speed', 'ack', 'close'] as const) {
        socket.on(event, (payload: unknown) =>
          received.push({ event, payload: payload as Record<string, unknown> }),
        );
      }
      // Like the gateway: `opened`, then the snapshot at `from`.
      socket.on('open', (payload) => {
        socket.emit('opened', {
          v: 1,
          sessionId: `s${sockets.length}`,
          from: payload.from,
          to: payload.to,
          layers: payload.layers,
          bucketSeconds: 600,
          histogram: [{ at: payload.from, count: 3 }],
          incidents: [{ incidentId: 'i1', seq: 1, change: 'opened', at: iso(T0 + 1_800_000) }],
        });
        socket.emit(
          'frame',
          frame(1, Date.parse(payload.from), {
            snapshot: true,
            upserts: [
              {
                entityId: 'v1',
                entityKind: 'vehicle',
                position: { lon: -72.3, lat: 18.5 },
                connectivity: 'online',
                updatedAt: payload.from,
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    feed = startReplayFeed(store, { url: `http://127.0.0.1:${port}`, reconnectionDelay: 50 });
  });

  afterAll(async () => {
    feed.close();
    await io.close();
  });

  it('opens a session on /replay, applies the snapshot and acknowledges it', async () => {
    feed.open({ range: { startMs: T0, endMs: T0 + 3_600_000 } });
    await waitFor(() => store.getState().entities.has('v1'));
    const state = store.getState();
    expect(state.status).toBe('open');
    expect(state.markers.map((m) => m.incidentId)).toEqual(['i1']);
    expect(events('open')[0]!.payload).toMatchObject({ v: 1, from: iso(T0), to: iso(T0 + 3_600_000) });
    await waitFor(() => events('ack').length === 1);
    expect(events('ack')[0]!.payload).toEqual({ v: 1, seq: 1 });
    // Its own namespace only: no connection to the live namespace.
    expect(liveConnections).toEqual([]);
  });

  it('sends clock requests and applies changes and clock states', async () => {
    feed.speed(600);
    feed.play();
    await waitFor(() => events('play').length === 1);
    expect(events('speed').at(-1)!.payload).toEqual({ v: 1, x: 600 });
    const socket = sockets.at(-1)!;
    socket.emit(
      'frame',
      frame(2, T0 + 60_000, {
        upserts: [
          {
            entityId: 'v1',
            entityKind: 'vehicle',
            position: { lon: -72.2, lat: 18.5 },
            connectivity: 'online',
            updatedAt: iso(T0 + 60_000),
          },
        ],
      }),
    );
    socket.emit('state', { v: 1, playing: true, speed: 600, at: iso(T0 + 60_000) });
    await waitFor(() => store.getState().entities.get('v1')?.position?.lon === -72.2);
    expect(store.getState()).toMatchObject({ playing: true, speed: 600, atMs: T0 + 60_000 });
    expect(store.getState().trails.byId.get('v1')!.path).toHaveLength(2);

    feed.seek(T0 + 1_200_000);
    feed.step(-30);
    await waitFor(() => events('step').length === 1);
    expect(events('seek').at(-1)!.payload).toEqual({ v: 1, at: iso(T0 + 1_200_000) });
    expect(events('step')[0]!.payload).toEqual({ v: 1, seconds: -30 });
    expect(store.getState()).toMatchObject({ playing: false, atMs: T0 + 1_170_000, awaitingSnapshot: true });
  });

  it('drops a frame that breaks the catalog', async () => {
    const before = store.getState();
    const acks = events('ack').length;
    sockets.at(-1)!.emit('frame', { v: 1, seq: 'x' } as never);
    sockets.at(-1)!.emit('ended', { v: 1, at: iso(T0 + 3_600_000) });
    await waitFor(() => store.getState().ended);
    expect(store.getState().entities).toBe(before.entities);
    expect(events('ack').length).toBe(acks);
  });

  it('opens the session again where the cursor was after the connection dropped', async () => {
    feed.seek(T0 + 600_000);
    await waitFor(() => events('seek').some((e) => e.payload.at === iso(T0 + 600_000)));
    const opens = events('open').length;
    sockets.at(-1)!.disconnect(true);
    await waitFor(() => events('open').length === opens + 1);
    await waitFor(() => events('seek').at(-1)!.payload.at === iso(T0 + 600_000) && sockets.length === 2);
    expect(events('speed').at(-1)!.payload).toEqual({ v: 1, x: 600 });
  });
});
