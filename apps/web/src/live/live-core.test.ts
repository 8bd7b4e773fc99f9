// The live core against a real socket.io server speaking the gateway's catalog: subscription, snapshot,
// deltas, a stale delta, a dropped connection and the resync that follows it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { ClientToGatewayEvents, GatewayToClientEvents } from '@vigie/contracts/socket-catalog';
import { waitFor } from '@vigie/testing/wait-for';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveCore } from './live-core';
import type { LiveCore } from './live-core';
import type { FromLiveCore, LiveFrameMessage } from './live-messages';

const at = '2024-09-14T08:00:00Z';
const entity = (id: string, lon: number): TLiveEntityV1 => ({
  entityId: id,
  entityKind: 'vehicle',
  name: `Unit ${id}`,
  position: { lon, lat: 1 },
  heading: 90,
  status: 'en_route',
  connectivity: 'online',
  updatedAt: at,
});

describe('live core over socket.io', () => {
  const httpServer = createServer();
  const io = new Server<ClientToGatewayEvents, GatewayToClientEvents>(httpServer);
  const received: { socket: string; event: string; payload: unknown }[] = [];
  const sockets: Socket<ClientToGatewayEvents, GatewayToClientEvents>[] = [];
  const messages: FromLiveCore[] = [];
  let core: LiveCore;

  const frames = () => messages.filter((m): m is LiveFrameMessage => m.type === 'frame');
  const lastFrame = () => frames().at(-1);
  const connected = () => messages.filter((m) => m.type === 'connection').at(-1);

  beforeAll(async () => {
    io.on('connection', (socket) => {
      sockets.push(socket);
      for (const event of ['subscribe', 'resync', 'unsubscribe'] as const) {
        socket.on(event, (payload: unknown) => received.push({ socket: socket.id, event, payload }));
      }
      // Like the gateway: the first subscription of a connection is answered with a snapshot.
      socket.once('subscribe', () =>
        socket.emit('snapshot', { v: 1, seq: 10, entities: [entity('a', 1), entity('b', 2)] }),
      );
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    const scope = {
      navigator: { onLine: true },
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    core = startLiveCore(scope, (message) => messages.push(message), {
      url: `http://127.0.0.1:${port}`,
      reconnectionDelay: 50,
    });
  });

  afterAll(async () => {
    core.handle({ type: 'close' });
    await io.close();
  });

  it('subscribes with the viewport and turns the snapshot into a frame', async () => {
    core.handle({ type: 'interest', interest: { bbox: [0, 0, 10, 10], zoom: 5, layers: ['assets'] } });
    await waitFor(() => received.find((r) => r.event === 'subscribe'), { what: 'subscribe' });
    expect(received[0]!.payload).toEqual({ v: 1, bbox: [0, 0, 10, 10], zoom: 5, layers: ['assets'] });
    const frame = await waitFor(() => (lastFrame()?.seq === 10 ? lastFrame() : undefined), {
      what: 'first frame',
    });
    expect(frame.entityCount).toBe(2);
    expect(frame.assets.length).toBe(2);
    expect(frame.assets.ids).toBe('a\nb');
    expect([...frame.assets.positions]).toEqual([1, 1, 2, 1]);
    expect((connected() as { connection: { socketConnected: boolean } }).connection.socketConnected).toBe(
      true,
    );
  });

  it('applies deltas, ignores a stale one, and sends ids only when the layout changes', async () => {
    sockets[0]!.emit('delta', { v: 1, seq: 11, upserts: [entity('a', 5)], removes: [] });
    const moved = await waitFor(() => (lastFrame()?.seq === 11 ? lastFrame() : undefined), {
      what: 'seq 11',
    });
    expect(moved.assets.positions[0]).toBe(5);
    expect(moved.assets.ids).toBeNull();
    sockets[0]!.emit('delta', { v: 1, seq: 11, upserts: [entity('a', 99)], removes: ['b'] });
    sockets[0]!.emit('delta', { v: 1, seq: 12, upserts: [], removes: ['b'] });
    const removed = await waitFor(() => (lastFrame()?.seq === 12 ? lastFrame() : undefined), {
      what: 'seq 12',
    });
    expect(removed.ignored).toBe(1);
    expect(removed.assets.ids).toBe('a');
    expect(removed.assets.positions[0]).toBe(5);
  });

  it('sends the watched entity with the frames', async () => {
    core.handle({ type: 'watch', id: 'a' });
    const frame = await waitFor(() => (lastFrame()?.watched?.entityId === 'a' ? lastFrame() : undefined), {
      what: 'watched entity',
    });
    expect(frame.watched?.name).toBe('Unit a');
  });

  it('forwards incident and alert events checked against the catalog, and counts malformed ones as dropped', async () => {
    sockets[0]!.emit('incident', {
      v: 1,
      incident: {
        incidentId: 'inc-1',
        seq: 1,
        change: 'opened',
        status: 'detected',
        severity: 'severe',
        title: 'Flooding',
        position: { lon: 1, lat: 1 },
        at,
        actor: { kind: 'system', component: 'incidents' },
        openedAt: at,
        alertIds: [],
      },
    });
    const situation = await waitFor(() => messages.find((m) => m.type === 'situation'), {
      what: 'incident event',
    });
    expect(situation).toMatchObject({ event: { name: 'incident', incident: { incidentId: 'inc-1' } } });
    const droppedBefore = lastFrame()?.dropped ?? 0;
    sockets[0]!.emit('alert', { v: 1, alert: { alertId: 'x' } } as never);
    sockets[0]!.emit('delta', { v: 1, seq: 13, upserts: [entity('a', 6)], removes: [] });
    const frame = await waitFor(() => (lastFrame()?.seq === 13 ? lastFrame() : undefined), {
      what: 'seq 13',
    });
    expect(frame.dropped).toBe(droppedBefore + 1);
    expect(messages.filter((m) => m.type === 'situation')).toHaveLength(1);
  });

  it('comes back after the gateway ended the socket itself (a restart), and resyncs', async () => {
    const before = received.length;
    const count = sockets.length;
    sockets.at(-1)!.disconnect(true);
    await waitFor(() => sockets.length === count + 1, { what: 'reconnection after a server disconnect' });
    const after = await waitFor(
      () => {
        const events = received.slice(before);
        return events.some((e) => e.event === 'resync') ? events : undefined;
      },
      { what: 'resync' },
    );
    expect(after.map((e) => e.event)).toEqual(['subscribe', 'resync']);
  });

  it('after a dropped connection, subscribes again and resyncs from the last seq', async () => {
    // The snapshot answering the previous reconnection (seq 10 again, as from a restarted gateway) is in.
    await waitFor(() => lastFrame()?.seq === 10 && received.at(-1)?.event === 'resync', { what: 'settled' });
    const before = received.length;
    const count = sockets.length;
    sockets.at(-1)!.emit('delta', { v: 1, seq: 13, upserts: [entity('c', 3)], removes: [] });
    await waitFor(() => lastFrame()?.seq === 13, { what: 'seq 13' });
    sockets.at(-1)!.conn.close();
    await waitFor(() => sockets.length === count + 1, { what: 'reconnection' });
    const after = await waitFor(
      () => {
        const events = received.slice(before);
        return events.some((e) => e.event === 'resync') ? events : undefined;
      },
      { what: 'resync' },
    );
    expect(after.map((e) => e.event)).toEqual(['subscribe', 'resync']);
    expect(after[1]!.payload).toEqual({ v: 1, fromSeq: 13 });
    expect(after.every((e) => e.socket === sockets.at(-1)!.id)).toBe(true);
  });
});
