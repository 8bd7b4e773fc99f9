/**
 * What the detectors read besides their own state: the rules and the zones, loaded from the database
 * when detection starts and refreshed periodically (an admin's edit, a zone drawn in the UI, a hazard
 * zone written by another processor). The external-alerts consumer of this process also changes the
 * zones here as soon as its transaction commits.
 */
import type { Db } from '@vigie/db/database';
import { listRules, rulesVersion } from '@vigie/db/rules-repository';
import type { ZoneDto } from '@vigie/db/zones-repository';
import { listZonesFrom } from '@vigie/db/zones-repository';
import type { GeofenceZone, IndexedZone } from '@vigie/domain/detection/geofence-detector';
import { indexZones } from '@vigie/domain/detection/geofence-detector';
import type { Logger } from 'pino';
import type { DetectionRules } from './detection-rules';
import { NO_RULES, parseRules } from './detection-rules';

export function zoneOf(dto: ZoneDto): GeofenceZone {
  const attrs = dto.attrs as {
    severity?: GeofenceZone['severity'];
    category?: GeofenceZone['category'];
    dwellMs?: number;
    alertOn?: GeofenceZone['alertOn'];
  };
  return {
    id: dto.id,
    kind: dto.kind,
    name: dto.name,
    polygons: dto.geometry.coordinates as number[][][][],
    validFrom: dto.validFrom?.getTime() ?? null,
    validTo: dto.validTo?.getTime() ?? null,
    ...(attrs.severity === undefined ? {} : { severity: attrs.severity }),
    ...(attrs.category === undefined ? {} : { category: attrs.category }),
    ...(attrs.dwellMs === undefined ? {} : { dwellMs: attrs.dwellMs }),
    ...(attrs.alertOn === undefined ? {} : { alertOn: attrs.alertOn }),
  };
}

export class DetectionContext {
  rules: DetectionRules = NO_RULES;
  zones: Map<string, IndexedZone> = new Map();
  private version = '';

  constructor(private readonly logger: Logger) {}

  /** Reads the rules (when they changed) and the current and upcoming zones. */
  async refresh(db: Db, now = new Date()): Promise<void> {
    const version = await rulesVersion(db);
    if (version !== this.version) {
      const { rules, problems } = parseRules(await listRules(db, { enabledOnly: true }));
      for (const p of problems)
        this.logger.warn(p, 'detection rule ignored: its parameters do not fit its kind');
      this.rules = rules;
      this.version = version;
    }
    const zones = await listZonesFrom(db, now, ['hazard', 'geofence']);
    this.zones = indexZones(zones.map(zoneOf));
  }

  putZone(zone: GeofenceZone): void {
    const [indexed] = indexZones([zone]).values();
    if (indexed !== undefined) this.zones.set(zone.id, indexed);
  }

  /** A zone ended at `at`: kept with its end so fixes before it still see it. */
  endZone(id: string, at: number): void {
    const zone = this.zones.get(id);
    if (zone === undefined) return;
    if (zone.validFrom != null && zone.validFrom >= at) this.zones.delete(id);
    else this.zones.set(id, { ...zone, validTo: Math.min(zone.validTo ?? Infinity, at) });
  }
}
