import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/raw.reports.json';
import { LONG, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { REPORT_TEXT_MAX, ZReportEventV1, ZReportV1 } from './reports';

const payload = fixture.payload;

describe('ZReportV1', () => {
  it('accepts a full report and a minimal one, in any script', () => {
    expectValid(ZReportV1, payload);
    expectValid(ZReportV1, { reportId: 'p-1', channel: 'social', text: 'فيضان في الحي 🌊' });
    expectValid(ZReportV1, { ...payload, text: LONG(REPORT_TEXT_MAX) });
  });

  it.each([
    ['reportId', 'a b'],
    ['channel', 'email'],
    ['text', ''],
    ['text', LONG(REPORT_TEXT_MAX + 1)],
    ['text', 'help\u0000'],
    ['text', 'line one\r\nline two'],
    ['lang', 'portuguese'],
    ['position.lat', 95],
    ['placeName', 'Munhava\nBeira'],
    ['author', LONG(129)],
    ['category', 'aliens'],
    ['mediaIds', Array.from({ length: 21 }, (_, i) => `m-${i}`)],
    ['url', 'javascript:alert(1)'],
  ])('rejects %s = %s', (path, value) => expectInvalidAt(ZReportV1, withPatch(payload, path, value), path));

  it('is carried in a report v1 envelope', () => {
    expectValid(ZReportEventV1, fixture);
    expectInvalidAt(ZReportEventV1, withPatch(fixture, 'v', 0), 'v');
  });
});
