/**
 * The incident lifecycle: detected → acknowledged → dispatched → on_scene → resolved → closed, and
 * which actions each status allows. A refused action comes with a reason written for the person who
 * asked, saying what to do instead.
 *
 * Rules beyond the straight line:
 * - dispatching a `detected` incident acknowledges it implicitly (the coordinator clearly saw it);
 * - dispatching more assets to an incident already `on_scene` keeps it `on_scene` (reinforcements);
 * - `close` directly from `detected` or `acknowledged` dismisses a false alarm; once something was
 *   dispatched the incident must be resolved first;
 * - resolved and closed incidents are not reopened: a new incident is opened instead;
 * - an incident merged into another refuses everything and names the survivor.
 */
import type { TIncidentStatus } from '@vigie/contracts/live-incidents';
import type { IncidentState } from './incident-state';

export type LifecycleAction =
  | 'acknowledge'
  | 'assign'
  | 'dispatch'
  /** A dispatched vehicle or team reached the incident. */
  | 'arrive'
  | 'resolve'
  | 'close'
  | 'note'
  | 'set_severity'
  /** Absorb other incidents (this one survives). */
  | 'merge'
  /** Be absorbed by another incident. */
  | 'absorb'
  | 'attach_evidence';

export type LifecycleDecision =
  { ok: true; status: TIncidentStatus; changed: boolean } | { ok: false; reason: string };

const label: Record<TIncidentStatus, string> = {
  detected: 'detected',
  acknowledged: 'acknowledged',
  dispatched: 'dispatched',
  on_scene: 'on scene',
  resolved: 'resolved',
  closed: 'closed',
};

function stay(status: TIncidentStatus): LifecycleDecision {
  return { ok: true, status, changed: false };
}

function move(from: TIncidentStatus, to: TIncidentStatus): LifecycleDecision {
  return { ok: true, status: to, changed: from !== to };
}

function refuse(reason: string): LifecycleDecision {
  return { ok: false, reason };
}

const FINISHED =
  'is resolved: it cannot be reopened; open a new incident if the situation needs action again';

/** What `action` does to an incident in its current state. */
export function decideTransition(
  incident: Pick<IncidentState, 'id' | 'status' | 'mergedInto' | 'dispatchedAssetIds'>,
  action: LifecycleAction,
): LifecycleDecision {
  const { status } = incident;
  if (incident.mergedInto !== undefined) {
    return refuse(`Incident ${incident.id} was merged into ${incident.mergedInto}: act on that incident.`);
  }
  if (status === 'closed') {
    return refuse(`Incident ${incident.id} is closed: nothing can change any more.`);
  }
  const resolved = status === 'resolved';
  switch (action) {
    case 'acknowledge':
      if (status === 'detected') return move(status, 'acknowledged');
      if (status === 'acknowledged') return refuse(`Incident ${incident.id} is already acknowledged.`);
      if (resolved) return refuse(`Incident ${incident.id} ${FINISHED}.`);
      return refuse(
        `Incident ${incident.id} is already ${label[status]}: acknowledging it is no longer needed.`,
      );
    case 'assign':
    case 'set_severity':
    case 'attach_evidence':
    case 'merge':
      if (resolved) return refuse(`Incident ${incident.id} ${FINISHED}.`);
      return stay(status);
    case 'dispatch':
      if (resolved) return refuse(`Incident ${incident.id} ${FINISHED}.`);
      if (status === 'on_scene') return stay(status);
      return move(status, 'dispatched');
    case 'arrive':
      if (status === 'dispatched') return move(status, 'on_scene');
      if (status === 'on_scene') return stay(status);
      if (resolved) return refuse(`Incident ${incident.id} ${FINISHED}.`);
      return refuse(
        `Nothing is dispatched to incident ${incident.id} (it is ${label[status]}): dispatch a vehicle or team first.`,
      );
    case 'resolve':
      if (resolved) return refuse(`Incident ${incident.id} is already resolved.`);
      return move(status, 'resolved');
    case 'close':
      if (resolved || status === 'detected' || status === 'acknowledged') return move(status, 'closed');
      return refuse(
        `Incident ${incident.id} is ${label[status]} with ${incident.dispatchedAssetIds.length} asset(s) dispatched: resolve it first, then close it.`,
      );
    case 'absorb':
      if (resolved)
        return refuse(`Incident ${incident.id} is already resolved: it cannot be merged into another.`);
      return move(status, 'closed');
    case 'note':
      return stay(status);
  }
}

/** The furthest-along open status of several incidents (what a merged incident continues from). */
export function furthestOpenStatus(statuses: readonly TIncidentStatus[]): TIncidentStatus {
  const order: TIncidentStatus[] = ['detected', 'acknowledged', 'dispatched', 'on_scene'];
  let best = 0;
  for (const s of statuses) best = Math.max(best, order.indexOf(s));
  return order[best] ?? 'detected';
}
