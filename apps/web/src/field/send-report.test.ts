import type { TUploadFieldPhotoInput } from '@vigie/contracts/field-photo-api';
import { describe, expect, it } from 'vitest';
import { actionQueued, emptyOfflineQueue, flushQueue, parseQueue, serializeQueue } from './offline-queue';
import type { FieldAction, OfflineQueueState, QueuedReport } from './offline-queue';
import type { UploadOutcome, reportInput } from './send-report';
import { base64OfDataUrl, sendReport, uploadFailure } from './send-report';

const report: QueuedReport = {
  type: 'report',
  commandId: '0190f5c8-6f3a-7cc1-8a2b-3c4d5e6f7a8b',
  queuedAt: '2026-01-12T10:00:00.000Z',
  text: 'Bridge under water',
  incidentId: 'inc-1',
  position: { lon: -73.75, lat: 18.19 },
  photo: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==',
};

describe('sending a report with its photo', () => {
  it('reads the bytes of a base64 data URL only', () => {
    expect(base64OfDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toBe('/9j/4AAQ');
    expect(base64OfDataUrl('data:image/jpeg,not-base64')).toBeNull();
    expect(base64OfDataUrl('https://example.org/a.jpg')).toBeNull();
  });

  it('retries on a lost network or a busy gateway, not on a refused photo', () => {
    expect(uploadFailure(503, 'busy').retriable).toBe(true);
    expect(uploadFailure(401, 'log in').retriable).toBe(true);
    expect(uploadFailure(400, 'not a photo').retriable).toBe(false);
    expect(uploadFailure(413, 'too large').retriable).toBe(false);
  });

  it('uploads the photo once under the report id, then sends the report with its media id, across retries', async () => {
    let state: OfflineQueueState = actionQueued(emptyOfflineQueue, report);
    const holder = { get: () => state, set: (s: OfflineQueueState) => void (state = s) };
    const uploads: TUploadFieldPhotoInput[] = [];
    const reports: ReturnType<typeof reportInput>[] = [];
    let reportFails = true;
    const send = (action: FieldAction, progressed: (a: FieldAction) => void) =>
      action.type !== 'report'
        ? Promise.resolve({ ok: true as const })
        : sendReport(action, {
            upload: async (input): Promise<UploadOutcome> => {
              uploads.push(input);
              return { ok: true, mediaId: `field.u1.${input.uploadId}` };
            },
            createReport: async (input) => {
              reports.push(input);
              if (reportFails) throw new Error('network down');
            },
            progressed,
          });

    await flushQueue(holder, send).catch(() => undefined);
    expect(uploads).toEqual([
      expect.objectContaining({
        uploadId: report.commandId,
        reportId: report.commandId,
        photoBase64: '/9j/4AAQSkZJRg==',
        position: report.position,
        incidentId: 'inc-1',
      }),
    ]);
    // The report did not go: it waits with the media id, without the photo's bytes.
    const waiting = parseQueue(serializeQueue(state)).items[0]?.action as QueuedReport;
    expect(waiting.mediaId).toBe(`field.u1.${report.commandId}`);
    expect(waiting.photo).toBeUndefined();

    reportFails = false;
    await flushQueue(holder, send);
    expect(uploads).toHaveLength(1);
    expect(reports.map((r) => [r.reportId, r.mediaId])).toEqual([
      [report.commandId, `field.u1.${report.commandId}`],
      [report.commandId, `field.u1.${report.commandId}`],
    ]);
    expect(state.items).toEqual([]);
  });

  it('keeps the report queued when the upload must be retried, and drops it with the reason when refused', async () => {
    const createReport = async () => {
      throw new Error('must not be sent before its photo');
    };
    const progressed = () => undefined;
    const later = await sendReport(report, {
      upload: async () => ({ ok: false, retriable: true, message: 'HTTP 503' }),
      createReport,
      progressed,
    });
    expect(later).toEqual({ ok: false, retriable: true, message: 'HTTP 503' });
    const refused = await sendReport(report, {
      upload: async () => ({ ok: false, ...uploadFailure(400, 'Not a photo') }),
      createReport,
      progressed,
    });
    expect(refused).toMatchObject({ ok: false, retriable: false });
  });
});
