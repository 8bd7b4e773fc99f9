/**
 * live.observations → reading and report alerts. Readings go through the threshold, rate-of-change
 * and anomaly rules (state per rule, sensor and metric); reports through the cluster rules (state per
 * H3 cell, the topic's key). Every state lives in the checkpoint of the partition that wrote it; the
 * report cells of all the partitions this process holds are also kept in one map, so that a report
 * is counted with its neighbour cells even when they hash to another partition. Batches with reports
 * are exclusive (planned, written and applied one at a time in this process; batches of readings
 * alone still run in parallel), so each one reads the cells of every batch committed before it:
 * reports straddling a cell boundary, on two partitions consumed at the same time, still make their
 * cluster, whichever partition comes first. The map changes only after a commit, so a batch rolled
 * back and delivered again counts its reports once. Across processes, a neighbour cell held by
 * another instance is not seen: a cluster straddling them is found only when one side has enough
 * reports of its own.
 */
import { upsertAlerts } from '@vigie/db/alerts-repository';
import type { AlertDraft } from '@vigie/domain/detection/alert-draft';
import type { AnomalyDetectorState } from '@vigie/domain/detection/anomaly-detector';
import { detectAnomaly } from '@vigie/domain/detection/anomaly-detector';
import type { RateOfChangeState } from '@vigie/domain/detection/rate-of-change-detector';
import { detectRateOfChange } from '@vigie/domain/detection/rate-of-change-detector';
import type { ReadingSignal } from '@vigie/domain/detection/reading-signal';
import type { ClusterCellState } from '@vigie/domain/detection/report-cluster-detector';
import { detectReportCluster } from '@vigie/domain/detection/report-cluster-detector';
import type { ThresholdState } from '@vigie/domain/detection/threshold-detector';
import { detectThreshold } from '@vigie/domain/detection/threshold-detector';
import type { DetectionContext } from './detection-context';
import type { DetectionStage } from './detection-stage';
import { AsyncMutex, StateView, latestStates } from './detection-stage';

export function observationsDetector(context: DetectionContext): DetectionStage<'live.observations'> {
  // Report cells of every partition this process holds: a neighbour cell may hash to another partition.
  const shared = new Map<string, ClusterCellState>();
  const seeded = new Set<string>();
  const clusterLock = new AsyncMutex();
  const none = () => {};
  return {
    topic: 'live.observations',
    exclusive(events) {
      return events.some(({ event }) => event.payload.kind === 'report')
        ? clusterLock.acquire()
        : Promise.resolve(none);
    },
    plan(events, checkpoint) {
      const view = new StateView(checkpoint);
      const partitionKey = `${checkpoint.topic}\u0000${checkpoint.partition}`;
      if (!seeded.has(partitionKey)) {
        seeded.add(partitionKey);
        for (const [key, value] of checkpoint.state)
          if (key.startsWith('cl:') && !shared.has(key.slice(3)))
            shared.set(key.slice(3), value as ClusterCellState);
      }
      const raised: AlertDraft[] = [];
      const { rules } = context;
      for (const { event } of events) {
        const o = event.payload;
        const at = Date.parse(o.observedAt);
        if (o.kind === 'reading') {
          const reading: ReadingSignal = {
            sensorId: o.sensorId,
            metric: o.metric,
            value: o.value,
            unit: o.unit,
            at,
            lon: o.position.lon,
            lat: o.position.lat,
            eventId: o.rawEventId,
            cell: o.cell,
            ...(o.region === undefined ? {} : { region: o.region }),
            ...(o.anomalyScore === undefined ? {} : { anomalyScore: o.anomalyScore }),
          };
          const suffix = `${o.sensorId}:${o.metric}`;
          for (const rule of rules.threshold) {
            if (rule.metric !== o.metric) continue;
            const key = `th:${rule.ruleId}:${suffix}`;
            const step = detectThreshold(view.get<ThresholdState>(key), reading, rule);
            view.set(key, step.state);
            raised.push(...step.alerts);
          }
          for (const rule of rules.rateOfChange) {
            if (rule.metric !== o.metric) continue;
            const key = `roc:${rule.ruleId}:${suffix}`;
            const step = detectRateOfChange(view.get<RateOfChangeState>(key), reading, rule);
            view.set(key, step.state);
            raised.push(...step.alerts);
          }
          // The score is computed upstream; without it there is nothing to judge.
          if (o.anomalyScore === undefined) continue;
          for (const rule of rules.anomaly) {
            if (rule.metrics !== undefined && !rule.metrics.includes(o.metric)) continue;
            const key = `an:${rule.ruleId}:${suffix}`;
            const step = detectAnomaly(view.get<AnomalyDetectorState>(key), reading, rule);
            view.set(key, step.state);
            raised.push(...step.alerts);
          }
        } else if (o.category !== undefined && rules.clusters.some((r) => r.category === o.category)) {
          const step = detectReportCluster(
            (cell) => view.get<ClusterCellState>(`cl:${cell}`) ?? shared.get(cell),
            {
              reportId: o.reportId,
              eventId: o.rawEventId,
              category: o.category,
              at,
              lon: o.position.lon,
              lat: o.position.lat,
              cell: o.cell,
              ...(o.region === undefined ? {} : { region: o.region }),
            },
            rules.clusters,
          );
          for (const [cell, state] of Object.entries(step.patch)) view.set(`cl:${cell}`, state);
          raised.push(...step.alerts);
        }
      }
      const alerts = latestStates(raised);
      return {
        write: async (tx) => {
          if (alerts.length > 0) await upsertAlerts(tx, alerts);
          return { alerts, rejected: [] };
        },
        statePatch: view.patch,
        apply: () => {
          for (const [key, value] of Object.entries(view.patch))
            if (key.startsWith('cl:')) shared.set(key.slice(3), value as ClusterCellState);
        },
      };
    },
  };
}
