/** The processor's own small HTTP endpoint: Prometheus `/metrics`, `/healthz` (alive), `/readyz` (consuming). */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HttpEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export async function serveHttp(options: {
  host: string;
  port: number;
  registry: Registry;
  isReady: () => boolean;
}): Promise<HttpEndpoint> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      options.registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const ready = options.isReady();
      response
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ready' : 'starting' }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
