/**
 * `reports.create`: a field report (text, my position, optional photo by media id) published on
 * `raw.reports` with channel `field`. A client-chosen `reportId` makes a retried report the same event.
 * A report may carry only a photo its author uploaded (`POST /api/v1/field/photos`), so nobody can pass
 * off someone else's picture as theirs; the check is on the id, since the upload may still be on its way.
 */
import { newEventId } from '@vigie/contracts/envelope';
import { AppError } from '@vigie/contracts/errors';
import { ZCreateFieldReportInput, ZCreateFieldReportResult } from '@vigie/contracts/field-api';
import { fieldPhotoMediaId } from '@vigie/contracts/field-photo-api';
import { parseTopicMessage } from '@vigie/contracts/topics';
import { procedureWith } from './trpc-init';

export const createFieldReportProcedure = procedureWith('report.create')
  .input(ZCreateFieldReportInput)
  .output(ZCreateFieldReportResult)
  .mutation(async ({ ctx, input }) => {
    if (input.mediaId !== undefined && !input.mediaId.startsWith(fieldPhotoMediaId(ctx.user.id, ''))) {
      throw new AppError('FORBIDDEN', 'mediaId: a report may only carry a photo you uploaded');
    }
    const eventId = input.reportId ?? newEventId();
    const now = new Date().toISOString();
    const parsed = parseTopicMessage('raw.reports', {
      id: eventId,
      type: 'report',
      v: 1,
      source: 'field',
      occurredAt: now,
      receivedAt: now,
      ...(input.position ? { geo: input.position } : {}),
      payload: {
        reportId: eventId,
        channel: 'field',
        text: input.text,
        author: ctx.user.id.slice(0, 128),
        ...(input.position ? { position: input.position } : {}),
        ...(input.positionAccuracy !== undefined ? { positionAccuracy: input.positionAccuracy } : {}),
        ...(input.category ? { category: input.category } : {}),
        ...(input.mediaId ? { mediaIds: [input.mediaId] } : {}),
      },
    });
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.summary.slice(0, 900));
    try {
      await ctx.services.log.produce(ctx.services.config.topics.rawReports, [
        { key: parsed.key, value: JSON.stringify(parsed.message) },
      ]);
    } catch (error) {
      ctx.logger.error({ err: error }, 'could not publish a field report');
      throw new AppError('LOG_UNAVAILABLE', 'The report could not be recorded; retry with the same reportId');
    }
    ctx.logger.info({ reportId: eventId, incidentId: input.incidentId }, 'field report received');
    return { reportId: eventId, eventId };
  });
