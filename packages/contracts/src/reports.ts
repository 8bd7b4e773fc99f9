// raw.reports: a piece of free text from people: social post, SMS, field report, news item, message.
// Raw text may hold personal data; the processor masks it before anything is stored or fanned out.
import { z } from 'zod';
import { ZCategory } from './categories';
import { envelopeOf } from './envelope';
import { ZAccuracy, ZHttpUrl, ZId, ZLanguageTag, ZLonLat, boundedLine, boundedText } from './primitives';

export const ZReportChannel = z.enum(['social', 'sms', 'field', 'news', 'message']);
export type TReportChannel = z.infer<typeof ZReportChannel>;

export const REPORT_TEXT_MAX = 8_000;

export const ZReportV1 = z
  .object({
    /** Id of the report within its source (the envelope's `source`); the pair is the key. */
    reportId: ZId,
    channel: ZReportChannel,
    text: boundedText(REPORT_TEXT_MAX, 1),
    lang: ZLanguageTag.optional(),
    position: ZLonLat.optional(),
    /** Accuracy of `position` in metres (GPS fix vs. geocoded place name). */
    positionAccuracy: ZAccuracy.optional(),
    /** Place named in the report, when there is no coordinate yet. */
    placeName: boundedLine(200).optional(),
    /** Handle or display name of the author as the source gives it. */
    author: boundedLine(128).optional(),
    /** Category when the source states one (a field form); otherwise enrichment infers it. */
    category: ZCategory.optional(),
    /** Media attached to the report (ids of raw.media events). */
    mediaIds: z.array(ZId).max(20).optional(),
    /** Link to the original post or article. */
    url: ZHttpUrl.optional(),
  })
  .meta({ description: 'Report from people (social, SMS, field, news, message), v1' });
export type TReportV1 = z.infer<typeof ZReportV1>;

export const ZReportEventV1 = envelopeOf('report', 1, ZReportV1);
export type TReportEventV1 = z.infer<typeof ZReportEventV1>;
