import { ZLiveEntityEventV1 } from '@vigie/contracts/live-entities';
import { destinationPoint } from '@vigie/domain/geo';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { describe, expect, it } from 'vitest';
import { PAP, T0, positionEvent } from '../test/raw-events';
import { RECEIVED_AT_HEADER } from '@vigie/contracts/record-headers';
import { assetEntity, entityRecord } from './build-live-records';
import { enrichPosition } from './enrich-position';

const context = { regionIndex: loadCountryIndex(), h3Resolution: 7 };

describe('enrichPosition', () => {
  it('locates a first fix: region, cell, device motion, database kind', () => {
    const event = positionEvent('team-1', T0, PAP, { assetKind: 'person', speed: 1.2, battery: 80 } as never);
    const { fix, asset } = enrichPosition(event, undefined, context);
    expect(fix).toMatchObject({
      envelopeId: event.id,
      assetId: 'team-1',
      kind: 'person',
      speed: 1.2,
      name: 'team-1',
    });
    expect(asset).toMatchObject({
      kind: 'person',
      region: { country: 'HTI', name: 'Haiti' },
      cell: expect.stringMatching(/^87[0-9a-f]{13}$/),
      battery: 80,
      eventId: event.id,
    });
  });

  it('derives speed and heading from the previous fix', () => {
    const first = enrichPosition(positionEvent('truck-1', T0, PAP), undefined, context).asset!;
    const north = destinationPoint(PAP, 0, 300);
    const { fix, asset } = enrichPosition(positionEvent('truck-1', T0 + 30_000, north), first, context);
    expect(fix.speed).toBeCloseTo(10, 1);
    expect(fix.heading).toBeCloseTo(0, 0);
    expect(asset?.last).toMatchObject({ lon: north.lon, lat: north.lat, at: T0 + 30_000 });
  });

  it('keeps a late fix as history only', () => {
    const now = enrichPosition(positionEvent('truck-1', T0 + 60_000, PAP), undefined, context).asset!;
    const late = enrichPosition(positionEvent('truck-1', T0, destinationPoint(PAP, 90, 500)), now, context);
    expect(late.asset).toBeNull();
    expect(late.fix.time.getTime()).toBe(T0);
  });

  it('publishes a contract-valid entity carrying the ingest time', () => {
    const event = positionEvent('truck-9', T0, PAP, { heading: 360, status: 'en_route' });
    const { asset } = enrichPosition(event, undefined, context);
    const record = entityRecord(assetEntity(asset!, new Date()), asset!, {
      sourceId: 'vigie-processor',
      now: new Date(),
    });
    expect(record.key).toBe('truck-9');
    expect(record.headers?.[RECEIVED_AT_HEADER]).toBe(event.receivedAt);
    const parsed = ZLiveEntityEventV1.parse(JSON.parse(record.value as string));
    expect(parsed.payload).toMatchObject({
      entityKind: 'vehicle',
      status: 'en_route',
      connectivity: 'online',
    });
    // The same state republished gets the same id.
    const again = entityRecord(assetEntity(asset!, new Date()), asset!, {
      sourceId: 'vigie-processor',
      now: new Date(),
    });
    expect(JSON.parse(again.value as string).id).toBe(parsed.id);
  });
});
