/**
 * One run of one feed: fetch (conditionally), parse by kind, follow the links of a CAP index feed,
 * drop what earlier polls already published, publish the rest on `raw.alerts` and the new rejections
 * on `deadletter`, and return the counters and the poller's memory for the next run.
 *
 * De-duplication across polls: the state remembers, per alert (`sender|identifier`), the version last
 * published (`sent|episode`). A USGS event re-issued with a new `updated` time, or a GDACS event in a
 * new episode, is a new version and goes out as an `Update` of the known alert; the same version seen
 * again is skipped. Counters: `seen` = items in the document(s), `accepted` = published now,
 * `rejected` = refused for the first time; the rest were already known.
 */
import type { Log, ProduceRecord } from '@vigie/bus/log';
import type { TExternalAlertV1 } from '@vigie/contracts/alerts';
import type { FeedJob } from '@vigie/db/feeds-repository';
import { topicOnLog } from '../ensure-ingest-topics';
import type { IngestConfig } from '../ingest-config';
import { publishRecords } from '../publish-records';
import { externalAlertRecords } from '../external-alerts/external-alert-records';
import type { AlertRejection } from '../external-alerts/external-alert-records';
import { parseAlertDocument } from '../external-alerts/parse-alert-document';
import { FeedFetchError, fetchFeedDocument } from './fetch-feed-document';
import type { FetchLimits } from './fetch-feed-document';

export interface PollFeedDeps {
  log: Log;
  config: IngestConfig;
  limits: FetchLimits;
  /** Most alert documents followed from one CAP index per run. */
  maxIndexLinks: number;
  newId: () => string;
  now?: () => Date;
}

export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** `sender|identifier` → `sent|episode` of the version last published. */
  versions?: Record<string, string>;
  /** Index links already followed. */
  links?: string[];
  /** Rejections already dead-lettered (`id|reason`). */
  rejections?: string[];
}

export interface PollOutcome {
  notModified: boolean;
  seen: number;
  accepted: number;
  rejected: number;
  state: FeedState;
}

const MAX_VERSIONS = 5_000;
const MAX_REMEMBERED = 2_000;

function bounded<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(items.length - max) : items;
}

function boundedRecord(record: Record<string, string>, max: number): Record<string, string> {
  const entries = Object.entries(record);
  return entries.length > max ? Object.fromEntries(entries.slice(entries.length - max)) : record;
}

const keyOf = (a: TExternalAlertV1): string => `${a.sender}|${a.identifier}`;
const versionOf = (a: TExternalAlertV1): string => `${a.sent}|${a.episode ?? ''}`;

export async function pollFeed(job: FeedJob, deps: PollFeedDeps): Promise<PollOutcome> {
  const previousState = job.state as FeedState;
  if (job.kind === 'georss')
    throw new FeedFetchError('GeoRSS feeds have no poller yet; use kind cap, usgs or gdacs');
  const fetched = await fetchFeedDocument(job.url, deps.limits, {
    ...(previousState.etag ? { etag: previousState.etag } : {}),
    ...(previousState.lastModified ? { lastModified: previousState.lastModified } : {}),
  });
  if (fetched.status === 'not-modified') {
    return { notModified: true, seen: 0, accepted: 0, rejected: 0, state: previousState };
  }

  const versions: Record<string, string> = { ...(previousState.versions ?? {}) };
  // USGS and GDACS parsers turn a known event into an Update referencing the version known (by identifier).
  const previous = new Map<string, string>();
  for (const [key, version] of Object.entries(versions)) {
    previous.set(key.slice(key.indexOf('|') + 1), version.slice(0, version.indexOf('|')));
  }
  const parsed = parseAlertDocument(job.kind, fetched.bytes, { previous });
  const alerts = [...parsed.alerts];
  const rejected: AlertRejection[] = [...parsed.rejected];
  const followed = new Set(previousState.links ?? []);
  const newLinks = parsed.links.filter((link) => !followed.has(link)).slice(0, deps.maxIndexLinks);
  for (const link of newLinks) {
    try {
      const linked = await fetchFeedDocument(link, deps.limits);
      if (linked.status !== 'ok') continue;
      const document = parseAlertDocument('cap', linked.bytes);
      alerts.push(...document.alerts);
      rejected.push(
        ...document.rejected.map((r) => ({ ...r, id: r.id ?? link, reason: `${link}: ${r.reason}` })),
      );
      followed.add(link);
    } catch (error) {
      // A link that cannot be fetched now is tried again next run (not remembered as followed).
      rejected.push({ index: -1, id: link, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  const fresh: TExternalAlertV1[] = [];
  for (const alert of alerts) {
    const key = keyOf(alert);
    const version = versionOf(alert);
    if (versions[key] === version || fresh.some((a) => keyOf(a) === key && versionOf(a) === version))
      continue;
    fresh.push(alert);
  }
  const knownRejections = new Set(previousState.rejections ?? []);
  const newRejections = rejected.filter((r) => !knownRejections.has(`${r.id ?? r.index}|${r.reason}`));

  const now = deps.now?.() ?? new Date();
  const records = externalAlertRecords({
    alerts: fresh,
    rejected: newRejections,
    source: job.source,
    original: fetched.bytes,
    receivedAt: now,
    newId: deps.newId,
  });
  const byTopic = new Map<string, ProduceRecord[]>();
  if (records.alerts.length > 0) byTopic.set(topicOnLog(deps.config, 'raw.alerts'), records.alerts);
  if (records.deadLetters.length > 0) byTopic.set(topicOnLog(deps.config, 'deadletter'), records.deadLetters);
  await publishRecords(deps.log, deps.config, byTopic);

  for (const alert of fresh) versions[keyOf(alert)] = versionOf(alert);
  for (const r of [...newRejections, ...records.refused])
    knownRejections.add(`${r.id ?? r.index}|${r.reason}`);
  const state: FeedState = {
    ...(fetched.validators.etag ? { etag: fetched.validators.etag } : {}),
    ...(fetched.validators.lastModified ? { lastModified: fetched.validators.lastModified } : {}),
    versions: boundedRecord(versions, MAX_VERSIONS),
    links: bounded([...followed], MAX_REMEMBERED),
    rejections: bounded([...knownRejections], MAX_REMEMBERED),
  };
  return {
    notModified: false,
    seen: alerts.length + rejected.length,
    accepted: records.alerts.length,
    rejected: newRejections.length + records.refused.length,
    state,
  };
}
