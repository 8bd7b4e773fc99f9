/**
 * The state of one incident as the domain reasons about it: lifecycle status, severity (from the
 * evidence, or set by a coordinator), the alerts behind it, who works on it and what it needs.
 * Repositories store it; the processor loads it, asks the domain what a change does, and stores the result.
 */
import type { TActor } from '@vigie/contracts/actor';
import type { TCategory } from '@vigie/contracts/categories';
import type { TAlertKind } from '@vigie/contracts/live-alerts';
import type { TIncidentStatus } from '@vigie/contracts/live-incidents';
import type { TAreaGeometry, TRegion } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import type { LonLat } from '../geo';

/** One alert behind an incident, as far as severity and merging care. */
export interface IncidentEvidence {
  alertId: string;
  kind: TAlertKind;
  severity: TSeverity;
  /** When the alert was raised or last updated. */
  at: string;
}

/** A severity a coordinator set, with what the evidence said at that moment. */
export interface ManualSeverity {
  severity: TSeverity;
  /** Severity the evidence gave when the coordinator set it: only evidence above it overrides. */
  evidenceSeverity: TSeverity;
  byUserId: string;
  at: string;
}

/** Something needed on site, in the units stock is counted in. */
export interface IncidentNeed {
  itemCode: string;
  quantity: number;
  unit: string;
}

export interface IncidentState {
  id: string;
  title: string;
  category?: TCategory;
  status: TIncidentStatus;
  /** Effective severity: the coordinator's when set and not overridden by stronger evidence. */
  severity: TSeverity;
  manualSeverity?: ManualSeverity;
  position: LonLat;
  area?: TAreaGeometry;
  region?: TRegion;
  cell?: string;
  openedAt: string;
  /** Time of the latest evidence: merging of new alerts is measured from it. */
  lastEvidenceAt: string;
  evidence: IncidentEvidence[];
  assigneeIds: string[];
  dispatchedAssetIds: string[];
  needs: IncidentNeed[];
  /** Set when the incident was absorbed by another one (it is then closed). */
  mergedInto?: string;
  /** Sequence number of the latest change (0 before the first). */
  seq: number;
}

/** What a change did, for the incident's timeline and for live.incidents. */
export interface IncidentChangeRecord {
  type:
    | 'opened'
    | 'status_changed'
    | 'severity_changed'
    | 'evidence_added'
    | 'assigned'
    | 'dispatched'
    | 'note_added'
    | 'merged'
    | 'updated';
  actor: TActor;
  at: string;
  /** Envelope id of the command or alert behind the change (idempotency key of the event). */
  envelopeId: string;
  commandId?: string;
  note?: string;
  data: Record<string, unknown>;
}

export const OPEN_STATUSES: readonly TIncidentStatus[] = [
  'detected',
  'acknowledged',
  'dispatched',
  'on_scene',
];

export function isOpen(status: TIncidentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** `user:<id>` or `system:<component>`, the spelling stored in the timeline. */
export function actorLabel(actor: TActor): string {
  return actor.kind === 'user' ? actor.userId : `system:${actor.component}`;
}
