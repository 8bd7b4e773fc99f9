/**
 * GET /api/v1/alerts/<id>.cap on the gateway (embedded log + PGlite): a stored alert comes back as CAP
 * 1.2 XML valid against the CAP 1.2 XSD (xmllint); 401 without a session, 404 for an unknown alert.
 */
import { spawnSync } from 'node:child_process';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { upsertAlerts } from '@vigie/db/alerts-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

const XSD = new URL('../../../packages/domain/test/fixtures/cap/CAP-v1.2.xsd', import.meta.url).pathname;
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint)
  console.warn('[skip] CAP schema check of the export: xmllint (libxml2-utils) is not installed');

describe('CAP 1.2 export of an alert (embedded log + PGlite)', () => {
  let harness: Harness;
  const alertId = uniqueName('al-cap');

  beforeAll(async () => {
    harness = await startHarness('embedded');
    const alert: TLiveAlertV1 = {
      alertId,
      kind: 'geofence_enter',
      severity: 'severe',
      status: 'active',
      title: 'Truck 17 entered the flooded zone <Les Cayes>',
      category: 'flood',
      place: {
        type: 'Polygon',
        coordinates: [
          [
            [-73.8, 18.1],
            [-73.7, 18.1],
            [-73.7, 18.2],
            [-73.8, 18.1],
          ],
        ],
      },
      region: { country: 'HTI' },
      evidence: [],
      raisedAt: '2021-08-14T12:00:00.000Z',
      expiresAt: '2021-08-14T18:00:00.000Z',
    };
    await upsertAlerts(harness.database.db, [alert], new Date('2021-08-14T12:00:00.000Z'));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers 401 without a session and 404 for an unknown alert', async () => {
    expect((await fetch(`${harness.baseUrl}/api/v1/alerts/${alertId}.cap`)).status).toBe(401);
    const { cookie } = await harness.session('analyst');
    const missing = await fetch(`${harness.baseUrl}/api/v1/alerts/no-such-alert.cap`, {
      headers: { cookie },
    });
    expect(missing.status).toBe(404);
  });

  it('serves the alert as CAP 1.2 XML with its polygon in lat,lon order', async () => {
    const { cookie } = await harness.session('coordinator');
    const response = await fetch(`${harness.baseUrl}/api/v1/alerts/${alertId}.cap`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
    const xml = await response.text();
    expect(xml).toContain(`<identifier>vigie-${alertId}</identifier>`);
    expect(xml).toContain('<polygon>18.1,-73.8 18.1,-73.7 18.2,-73.7 18.1,-73.8</polygon>');
    expect(xml).toContain('<event>Truck 17 entered the flooded zone &lt;Les Cayes&gt;</event>');
    expect(xml).toContain('<expires>2021-08-14T18:00:00+00:00</expires>');
    if (hasXmllint) {
      const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, '-'], {
        input: xml,
        encoding: 'utf8',
      });
      expect(run.stderr).toMatch(/validates/);
      expect(run.status).toBe(0);
    }
  });
});
