/**
 * Worker thread of the socket fan-out benchmark: opens clients (full-map and light) and measures how
 * many entity updates arrive and how late (from the `updatedAt` the publisher stamps, same clock) in
 * 1 ms bins.
 *
 * Two kinds of client: `socketio` (socket.io-client, decodes every message, as a browser does) and
 * `raw` (a bare WebSocket speaking the engine.io/socket.io text protocol: counts upserts without
 * decoding and decodes one delta in `sampleEvery` for latency), which leaves the CPU to the gateway.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ClientToGatewayEvents, GatewayToClientEvents } from '@vigie/contracts/socket-catalog';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';

export interface ClientsSpec {
  baseUrl: string;
  cookie: string;
  /** Viewports, one client each. */
  boxes: { bbox: [number, number, number, number]; full: boolean }[];
  kind: 'socketio' | 'raw';
  /** Raw clients decode one full-map delta in this many for latency (light ones decode all). */
  sampleEvery: number;
}

export interface ClientsReport {
  fullUpdates: number;
  lightUpdates: number;
  deltas: number;
  snapshots: number;
  /** Count per millisecond of latency, last bin = overflow (≥ bins - 1 ms). */
  latencyBins: number[];
}

const BINS = 60_000;

const spec = workerData as ClientsSpec;
let measuring = false;
let report: ClientsReport = fresh();

function fresh(): ClientsReport {
  return {
    fullUpdates: 0,
    lightUpdates: 0,
    deltas: 0,
    snapshots: 0,
    latencyBins: new Array<number>(BINS).fill(0),
  };
}

type BenchSocket = Socket<GatewayToClientEvents, ClientToGatewayEvents>;
const closers: (() => void)[] = [];
let subscribed = 0;

function onSubscribed(): void {
  subscribed++;
  if (subscribed === spec.boxes.length) parentPort?.postMessage({ type: 'ready' });
}

function recordLatency(upserts: readonly { updatedAt: string }[], now: number): void {
  const bins = report.latencyBins;
  for (const entity of upserts) {
    const late = now - Date.parse(entity.updatedAt);
    const bin = late < 0 ? 0 : late >= BINS - 1 ? BINS - 1 : late;
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
}

function subscribeMessage(box: ClientsSpec['boxes'][number]) {
  return {
    v: 1 as const,
    bbox: box.bbox,
    zoom: box.full ? 3 : 12,
    layers: ['assets' as const, 'sensors' as const],
  };
}

function socketIoClient(box: ClientsSpec['boxes'][number]): void {
  const socket: BenchSocket = io(spec.baseUrl, {
    path: '/socket.io/',
    transports: ['websocket'],
    extraHeaders: { cookie: spec.cookie },
    reconnection: false,
    timeout: 120_000,
  });
  closers.push(() => socket.disconnect());
  let gotSnapshot = false;
  socket.on('connect', () => socket.emit('subscribe', subscribeMessage(box)));
  socket.on('snapshot', () => {
    if (!gotSnapshot) {
      gotSnapshot = true;
      onSubscribed();
    }
    if (measuring) report.snapshots++;
  });
  socket.on('delta', (delta) => {
    if (!measuring) return;
    report.deltas++;
    if (box.full) report.fullUpdates += delta.upserts.length;
    else report.lightUpdates += delta.upserts.length;
    recordLatency(delta.upserts, Date.now());
  });
  socket.on('connect_error', (error) => parentPort?.postMessage({ type: 'error', message: error.message }));
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function rawClient(box: ClientsSpec['boxes'][number]): void {
  const url = `${spec.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { headers: { cookie: spec.cookie }, perMessageDeflate: false });
  closers.push(() => ws.close());
  let gotSnapshot = false;
  let deltas = 0;
  ws.on('message', (data) => {
    const text = data.toString();
    if (text === '2') {
      ws.send('3'); // engine.io ping → pong
    } else if (text.startsWith('0')) {
      ws.send('40'); // engine.io open → socket.io connect to "/"
    } else if (text.startsWith('40')) {
      ws.send(`42${JSON.stringify(['subscribe', subscribeMessage(box)])}`);
    } else if (text.startsWith('42["snapshot"')) {
      if (!gotSnapshot) {
        gotSnapshot = true;
        onSubscribed();
      }
      if (measuring) report.snapshots++;
    } else if (text.startsWith('42["delta"') && measuring) {
      report.deltas++;
      const upserts = countOccurrences(text, '"entityId":');
      if (box.full) report.fullUpdates += upserts;
      else report.lightUpdates += upserts;
      if (!box.full || deltas++ % spec.sampleEvery === 0) {
        const [, delta] = JSON.parse(text.slice(2)) as [string, { upserts: { updatedAt: string }[] }];
        recordLatency(delta.upserts, Date.now());
      }
    }
  });
  ws.on('error', (error) => parentPort?.postMessage({ type: 'error', message: error.message }));
}

for (const box of spec.boxes) {
  if (spec.kind === 'raw') rawClient(box);
  else socketIoClient(box);
}

parentPort?.on('message', (message: { type: string }) => {
  if (message.type === 'start') {
    report = fresh();
    measuring = true;
  } else if (message.type === 'stop') {
    measuring = false;
    parentPort?.postMessage({ type: 'report', report });
  } else if (message.type === 'close') {
    for (const close of closers) close();
    parentPort?.close();
  }
});
