/**
 * GET /readyz — 200 when the database answers, the log answers for the live topic, the live consumer
 * runs and the database snapshot is loaded; 503 with the failing checks otherwise.
 */
import { pingDatabase } from '@vigie/db/health-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayServices } from '../gateway-services';

export interface LiveReadiness {
  feedRunning(): boolean;
  snapshotLoaded(): boolean;
}

type Check = 'ok' | string;

async function within(ms: number, work: Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'ok' as const,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function readyzHandler(services: GatewayServices, live: LiveReadiness) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    const [database, log] = await Promise.all([
      within(2000, pingDatabase(services.database.db)),
      within(2000, services.log.topicOffsets(services.config.live.topic)),
    ]);
    const checks = {
      database,
      log,
      liveConsumer: live.feedRunning() ? 'ok' : 'not running yet',
      liveSnapshot: live.snapshotLoaded() ? 'ok' : 'not loaded yet',
    };
    const ready = Object.values(checks).every((c) => c === 'ok');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', checks };
  };
}
