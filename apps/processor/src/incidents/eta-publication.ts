/**
 * When a tracked dispatch's new ETA is worth a live.incidents update: always when none was published
 * (or stored) yet, at once when it moved by `etaChangeMs` or more, otherwise when it moved at all and
 * the last publication is `etaPublishMs` old.
 */
import { etaChanged } from '@vigie/domain/logistics/track-dispatch';

export interface EtaPublication {
  /** ETA last published or stored (ISO-8601), null when there is none. */
  eta: string | null;
  /** When it was published, epoch milliseconds (-Infinity when only stored). */
  at: number;
}

export function isEtaPublicationDue(
  previous: EtaPublication,
  next: string,
  nowMs: number,
  options: { etaPublishMs: number; etaChangeMs: number },
): boolean {
  if (previous.eta === null || etaChanged(previous.eta, next, options.etaChangeMs)) return true;
  return Date.parse(previous.eta) !== Date.parse(next) && nowMs - previous.at >= options.etaPublishMs;
}
