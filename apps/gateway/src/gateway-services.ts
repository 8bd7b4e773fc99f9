/** Everything the gateway's handlers, procedures and socket code work with, built once at registration. */
import type { Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import type { Logger } from 'pino';
import type { LoginThrottle } from './auth/login-throttle';
import type { GatewayConfig } from './env';
import type { EntityIndex } from './live/entity-index';
import type { GatewayMetrics } from './metrics/gateway-metrics';

export interface GatewayServices {
  readonly database: Database;
  readonly log: Log;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly config: GatewayConfig;
  /** Current state of live entities (kept up to date from `live.entities`). */
  readonly index: EntityIndex;
  readonly throttle: LoginThrottle;
  /** A hash to verify against when the e-mail is unknown, so both paths cost the same. */
  readonly dummyPasswordHash: string;
}
