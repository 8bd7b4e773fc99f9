/**
 * Follows `live.alerts` and `live.incidents` (a consumer group of this gateway process, from the end)
 * and hands each change to the overlay push and, for alerts, to the notifier.
 */
import type { Log, MessageBatch } from '@vigie/bus/log';
import { ZLiveAlertEventV1 } from '@vigie/contracts/live-alerts';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { ZLiveIncidentEventV1 } from '@vigie/contracts/live-incidents';
import type { Logger } from 'pino';
import type { OverlayPush } from './overlay-push';
import { TopicFollower } from './topic-follower';

export interface LiveOverlayFeedOptions {
  log: Log;
  alertsTopic: string;
  incidentsTopic: string;
  groupId: string;
  overlay: OverlayPush;
  logger: Logger;
  onAlert?: (alert: TLiveAlertV1) => void;
}

export function createLiveOverlayFeed(options: LiveOverlayFeedOptions): TopicFollower {
  const logger = options.logger.child({ component: 'overlay-feed' });
  const decode = (value: Buffer): unknown => {
    try {
      return JSON.parse(value.toString('utf8'));
    } catch {
      return undefined;
    }
  };
  return new TopicFollower({
    log: options.log,
    topics: [options.alertsTopic, options.incidentsTopic],
    groupId: options.groupId,
    startFrom: 'latest',
    logger,
    async onBatch(batch: MessageBatch) {
      for (const record of batch.messages) {
        const data = decode(record.value);
        if (batch.topic === options.alertsTopic) {
          const parsed = ZLiveAlertEventV1.safeParse(data);
          if (!parsed.success) {
            logger.debug({ offset: record.offset }, 'skipped an invalid live alert');
            continue;
          }
          options.overlay.pushAlert(parsed.data.payload);
          options.onAlert?.(parsed.data.payload);
        } else {
          const parsed = ZLiveIncidentEventV1.safeParse(data);
          if (!parsed.success) {
            logger.debug({ offset: record.offset }, 'skipped an invalid live incident');
            continue;
          }
          options.overlay.pushIncident(parsed.data.payload);
        }
      }
    },
  });
}
