import { ZLiveObservationEventV1 } from '@vigie/contracts/live-observations';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { describe, expect, it } from 'vitest';
import { PAP, reportEvent } from '../test/raw-events';
import { observationRecord } from './build-live-records';
import { enrichReport } from './enrich-report';

const context = { regionIndex: loadCountryIndex(), h3Resolution: 7 };

describe('enrichReport', () => {
  it('masks personal data before storing or publishing, and classifies the report', () => {
    const event = reportEvent(
      'sms-gw',
      'm-1',
      'Je m’appelle Marie Joseph, la rivière déborde, appelez le +509 3712 4455 ou marie@example.org',
      { position: PAP, author: 'Marie Joseph', channel: 'sms' },
    );
    const { row, observation } = enrichReport(event, context);
    expect(row.text).not.toMatch(/3712|marie@|Marie Joseph/);
    expect(row.text).toContain('[phone]');
    expect(row.text).toContain('[email]');
    expect(row).toMatchObject({
      category: 'flood',
      lang: 'fr',
      region: 'HTI',
      sourceRef: 'm-1',
      source: 'sms-gw',
    });
    expect(JSON.stringify(row)).not.toContain('Marie Joseph');
    expect(observation).toMatchObject({
      kind: 'report',
      maskedText: row.text,
      category: 'flood',
      lang: 'fr',
    });
    const record = observationRecord(observation!, event.receivedAt, {
      sourceId: 'vigie-processor',
      now: new Date(),
    });
    expect(record.key).toBe(row.h3Cell);
    expect(record.value as string).not.toContain('3712');
    ZLiveObservationEventV1.parse(JSON.parse(record.value as string));
  });

  it('keeps the category and language the source states', () => {
    const event = reportEvent('field-app', 'f-1', 'Route coupée', {
      category: 'access',
      lang: 'fr-HT',
      channel: 'field',
    });
    const { row, observation } = enrichReport(event, context);
    expect(row).toMatchObject({ category: 'access', lang: 'fr', position: null, h3Cell: null });
    expect(row.credibility).toBeGreaterThanOrEqual(0.7);
    expect(observation).toBeNull();
  });

  it('uses the envelope position when the payload has none', () => {
    const event = reportEvent('social', 'p-1', 'Dife nan mache a!', { channel: 'social' }, { geo: PAP });
    const { row, observation } = enrichReport(event, context);
    expect(row.position).toEqual(PAP);
    expect(observation).toMatchObject({ kind: 'report', category: 'fire', lang: 'ht' });
  });
});
