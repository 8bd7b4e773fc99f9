/**
 * The event kinds a source may send to ingest: for each envelope `type`, the raw topic it goes to and
 * the API key scope it needs.
 */
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';

export const eventKinds = {
  position: { topic: 'raw.positions', scope: 'events:position' },
  reading: { topic: 'raw.readings', scope: 'events:reading' },
  report: { topic: 'raw.reports', scope: 'events:report' },
} as const satisfies Record<string, { topic: string; scope: ApiKeyScope }>;

export type EventKind = keyof typeof eventKinds;
export type IngestTopic = (typeof eventKinds)[EventKind]['topic'];

export const EVENT_KIND_NAMES = Object.keys(eventKinds) as EventKind[];

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && Object.hasOwn(eventKinds, value);
}

/** Kinds this set of scopes lets in. */
export function allowedKinds(scopes: readonly string[]): EventKind[] {
  return EVENT_KIND_NAMES.filter((kind) => scopes.includes(eventKinds[kind].scope));
}
