/**
 * raw.media → `media` rows: the metadata of an image or video (the bytes stay in object storage),
 * upserted by media id, so a media sent again (same file, new caption) updates its row. Width,
 * height, duration and the report it belongs to are kept in `attrs`; the incident it documents, when it
 * names one that exists, in `incident_id`.
 */
import type { TMediaEventV1 } from '@vigie/contracts/media';
import type { MediaInput } from '@vigie/db/media-repository';
import { upsertMedia } from '@vigie/db/media-repository';
import type { TopicHandler } from '../incidents/run-topic-consumer';

export function mediaRow(event: TMediaEventV1): MediaInput {
  const m = event.payload;
  const attrs: Record<string, unknown> = {};
  if (m.width !== undefined) attrs.width = m.width;
  if (m.height !== undefined) attrs.height = m.height;
  if (m.durationS !== undefined) attrs.durationS = m.durationS;
  if (m.reportId !== undefined) attrs.reportId = m.reportId;
  return {
    id: m.mediaId,
    uri: m.uri,
    kind: m.kind,
    mimeType: m.mime,
    sizeBytes: m.sizeBytes,
    source: event.source,
    capturedAt: new Date(m.capturedAt),
    receivedAt: new Date(event.receivedAt),
    attrs,
    ...(m.sha256 === undefined ? {} : { sha256: m.sha256 }),
    ...(m.thumbnailUri === undefined ? {} : { thumbnailUri: m.thumbnailUri }),
    ...(m.caption === undefined ? {} : { caption: m.caption }),
    ...(m.bearing === undefined ? {} : { bearing: m.bearing }),
    ...(m.position === undefined ? {} : { position: m.position }),
    ...(m.footprint === undefined ? {} : { footprint: m.footprint }),
    ...(m.incidentId === undefined ? {} : { incidentId: m.incidentId }),
  };
}

export function mediaConsumer(): TopicHandler<'raw.media'> {
  return {
    topic: 'raw.media',
    async handle(tx, event) {
      await upsertMedia(tx, mediaRow(event));
      return {};
    },
  };
}
