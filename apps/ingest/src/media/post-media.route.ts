/**
 * `POST /api/v1/media`: an image or video (drone, satellite, phone) with where and when it was taken.
 *
 * - raw body (any content type but JSON and multipart), metadata in the query string or `X-Vigie-*`
 *   headers;
 * - `multipart/form-data`: one file part plus metadata fields;
 * - `application/json`: a reference to media already stored elsewhere (`uri`, `mime`, …), nothing
 *   uploaded.
 *
 * The type comes from the file's first bytes, never from what the client declares. The file goes to
 * the object store under `media/YYYY/MM/DD/<mediaId>.<ext>`, an image's thumbnail beside it
 * (`<mediaId>.thumb.jpg`), and a `media` event goes to `raw.media`. A photo's EXIF GPS position,
 * direction and capture time (with its offset) fill what the request does not say. The media id, when not given, is
 * derived from the file's SHA-256: the same file uploaded twice is one media.
 */
import { createHash } from 'node:crypto';
import { MEDIA_MAX_BYTES } from '@vigie/contracts/media';
import type { FastifyInstance } from 'fastify';
import type { IngestContext } from '../ingest-context';
import { IngestError, payloadTooLarge, unsupportedMediaType } from '../ingest-error';
import { authoriseImport, chargeImport } from '../imports/import-request';
import { importRecord } from '../imports/publish-import';
import { publishRecords } from '../publish-records';
import { createObjectStore } from '@vigie/storage/create-object-store';
import { makeThumbnail } from '@vigie/storage/make-thumbnail';
import { readMediaMetadata } from './media-metadata';
import type { MediaMetadataInput } from './media-metadata';
import { multipartBoundary, parseMultipart } from './parse-multipart';
import { sniffMediaType } from '@vigie/domain/sniff-media-type';

function refuse(message: string): IngestError {
  return new IngestError('VALIDATION_FAILED', message);
}

/** ISO-8601 with an offset, normalised to UTC `Z`; anything else is left for the contract to refuse. */
function normaliseTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = /(?:Z|[+-]\d\d:?\d\d)$/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function mediaPayload(base: Record<string, unknown>, metadata: MediaMetadataInput, now: Date) {
  return {
    ...base,
    capturedAt: normaliseTime(metadata.capturedAt) ?? now.toISOString(),
    ...(metadata.position === undefined ? {} : { position: metadata.position }),
    ...(metadata.bearing === undefined ? {} : { bearing: metadata.bearing }),
    ...(metadata.footprint === undefined ? {} : { footprint: metadata.footprint }),
    ...(metadata.caption === undefined ? {} : { caption: metadata.caption }),
    ...(metadata.reportId === undefined ? {} : { reportId: metadata.reportId }),
  };
}

export function registerMediaUpload(app: FastifyInstance, context: IngestContext): void {
  const store = createObjectStore(context.config.mediaStorage);
  const maxBytes = Math.min(context.config.mediaMaxBodyBytes, MEDIA_MAX_BYTES);

  app.post('/api/v1/media', { bodyLimit: maxBytes + 64 * 1024 }, async (request, reply) => {
    const { key, body } = await authoriseImport(context, request, 'events:media');
    chargeImport(context, key, 1);
    const now = new Date();
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    let payload: Record<string, unknown>;
    const warnings: string[] = [];

    if (contentType.startsWith('application/json')) {
      let reference: Record<string, unknown>;
      try {
        reference = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw refuse('A media reference must be a JSON object with uri, kind, mime and capturedAt');
      }
      if (typeof reference !== 'object' || reference === null || Array.isArray(reference)) {
        throw refuse('A media reference must be a JSON object with uri, kind, mime and capturedAt');
      }
      const uri = typeof reference.uri === 'string' ? reference.uri : '';
      payload = {
        sizeBytes: 0,
        capturedAt: now.toISOString(),
        ...reference,
        mediaId:
          typeof reference.mediaId === 'string'
            ? reference.mediaId
            : `m-${createHash('sha256').update(uri).digest('hex').slice(0, 24)}`,
      };
    } else {
      let bytes: Buffer = body;
      let fields: Record<string, unknown> | undefined;
      let declared = contentType.split(';')[0]?.trim();
      if (contentType.startsWith('multipart/form-data')) {
        const boundary = multipartBoundary(request.headers['content-type']);
        if (boundary === undefined)
          throw unsupportedMediaType(contentType, ['multipart/form-data; boundary=…']);
        const form = parseMultipart(body, boundary);
        if (!form.ok) throw refuse(form.reason);
        if (!form.form.file) throw refuse('multipart upload without a file part');
        bytes = form.form.file.bytes;
        fields = form.form.fields;
        declared = form.form.file.contentType;
      }
      if (bytes.length > maxBytes) throw payloadTooLarge(`Media larger than ${maxBytes} bytes`);
      const sniffed = sniffMediaType(bytes);
      if (!sniffed) {
        throw new IngestError(
          'DECODE_FAILED',
          'Not an image or video this service recognises (JPEG, PNG, GIF, WebP, TIFF, HEIC, AVIF, MP4, MOV, 3GP, WebM, AVI)',
          {
            status: 415,
          },
        );
      }
      if (declared && declared !== 'application/octet-stream' && declared !== sniffed.mime) {
        warnings.push(`declared type ${declared.slice(0, 60)} ignored: the file is ${sniffed.mime}`);
      }
      const metadata = readMediaMetadata([fields, request.query as Record<string, unknown>], request.headers);
      if (!metadata.ok) throw refuse(metadata.reason);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const mediaId = metadata.metadata.mediaId ?? `m-${sha256.slice(0, 24)}`;
      if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(mediaId)) {
        throw refuse('mediaId may only hold letters, digits and . _ -');
      }
      const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
      const stored = await store.put(`media/${day}/${mediaId}.${sniffed.extension}`, bytes, sniffed.mime);
      const base: Record<string, unknown> = {
        mediaId,
        kind: sniffed.kind,
        uri: stored.uri,
        mime: sniffed.mime,
        sizeBytes: stored.sizeBytes,
        sha256,
      };
      let given = metadata.metadata;
      if (sniffed.kind === 'image') {
        const info = await makeThumbnail(bytes);
        if (info.exif) {
          // What the sender says wins over what the camera wrote.
          const { position, bearing, capturedAt, notes } = info.exif;
          given = {
            ...(position === undefined ? {} : { position }),
            ...(bearing === undefined ? {} : { bearing }),
            ...(capturedAt === undefined ? {} : { capturedAt }),
            ...given,
          };
          if (metadata.metadata.capturedAt === undefined) warnings.push(...notes);
        }
        if (info.width !== undefined) base.width = info.width;
        if (info.height !== undefined) base.height = info.height;
        if (info.thumbnail) {
          const thumb = await store.put(
            `media/${day}/${mediaId}.thumb.jpg`,
            info.thumbnail.bytes,
            'image/jpeg',
          );
          base.thumbnailUri = thumb.uri;
        } else if (info.note) warnings.push(info.note);
      }
      payload = mediaPayload(base, given, now);
    }

    const occurredAt = typeof payload.capturedAt === 'string' ? payload.capturedAt : now.toISOString();
    const result = importRecord(
      'raw.media',
      key.source,
      { where: 'body', occurredAt, payload, original: JSON.stringify(payload) },
      now.toISOString(),
    );
    if (!result.ok) {
      throw new IngestError('VALIDATION_FAILED', 'The media metadata do not match the contract', {
        details: { issues: result.issues },
      });
    }
    await publishRecords(
      context.log,
      context.config,
      new Map([[context.topicName('raw.media'), [result.record]]]),
      context.onUnknownTopic,
    );
    context.metrics.events.inc({ kind: 'media', outcome: 'accepted' }, 1);
    const event = JSON.parse(String(result.record.value)) as { id: string; payload: Record<string, unknown> };
    return reply.code(201).send({
      id: event.id,
      mediaId: event.payload.mediaId,
      kind: event.payload.kind,
      mime: event.payload.mime,
      uri: event.payload.uri,
      ...(event.payload.thumbnailUri === undefined ? {} : { thumbnailUri: event.payload.thumbnailUri }),
      ...(warnings.length > 0 ? { warnings } : {}),
    });
  });
}
