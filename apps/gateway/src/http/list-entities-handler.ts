/**
 * GET /api/v1/entities?bbox=west,south,east,north&kinds=vehicle,sensor — the current state of live
 * entities as a GeoJSON FeatureCollection (one Point feature per positioned entity, `id` = entity id,
 * the rest of the state in `properties`). For integrations: an API key with the `read` scope, or a
 * session whose role may view the map. Both parameters are optional (default: the whole world, every
 * kind); at most 50 000 features (`truncated: true` when more matched).
 */
import { AppError } from '@vigie/contracts/errors';
import { issuesFromZodError, summariseIssues } from '@vigie/contracts/issues';
import { ZEntityKind } from '@vigie/contracts/live-entities';
import type { TEntityKind, TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ZBbox } from '@vigie/contracts/primitives';
import type { TBbox } from '@vigie/contracts/primitives';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticateCaller } from '../auth/authenticate-caller';
import type { GatewayServices } from '../gateway-services';
import { makeInterest } from '../live/interest';

export const MAX_FEATURES = 50_000;

interface EntityFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Omit<TLiveEntityV1, 'position'>;
}

export interface EntityFeatureCollection {
  type: 'FeatureCollection';
  features: EntityFeature[];
  truncated: boolean;
}

function badParameter(parameter: string, error: z.ZodError): AppError {
  const issues = issuesFromZodError(error, 10);
  return new AppError('VALIDATION_FAILED', `${parameter}: ${summariseIssues(issues)}`, { parameter, issues });
}

function single(value: unknown, parameter: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new AppError('VALIDATION_FAILED', `${parameter}: give it once`, { parameter });
  }
  return value;
}

const ZBboxParameter = z
  .string()
  .transform((s) => s.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part))))
  .pipe(z.array(z.number()).length(4, { error: 'Expected four numbers: west,south,east,north' }))
  .pipe(ZBbox);

const ZKindsParameter = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()))
  .pipe(z.array(ZEntityKind).min(1));

export function listEntitiesHandler(services: GatewayServices) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<EntityFeatureCollection> => {
    await authenticateCaller(services, request, reply, { scope: 'read', permission: 'map.view' });
    const query = (request.query ?? {}) as Record<string, unknown>;
    const bboxText = single(query.bbox, 'bbox');
    const kindsText = single(query.kinds, 'kinds');
    let bbox: TBbox = [-180, -90, 180, 90];
    if (bboxText !== undefined) {
      const parsed = ZBboxParameter.safeParse(bboxText);
      if (!parsed.success) throw badParameter('bbox', parsed.error);
      bbox = parsed.data;
    }
    let kinds: Set<TEntityKind> | undefined;
    if (kindsText !== undefined) {
      const parsed = ZKindsParameter.safeParse(kindsText);
      if (!parsed.success) throw badParameter('kinds', parsed.error);
      kinds = new Set(parsed.data);
    }
    const entries = services.index.query(makeInterest(bbox, ['assets', 'sensors']));
    const features: EntityFeature[] = [];
    let truncated = false;
    for (const { entity } of entries) {
      if (kinds !== undefined && !kinds.has(entity.entityKind)) continue;
      if (entity.position === undefined) continue;
      if (features.length >= MAX_FEATURES) {
        truncated = true;
        break;
      }
      const { position, ...properties } = entity;
      features.push({
        type: 'Feature',
        id: entity.entityId,
        geometry: { type: 'Point', coordinates: [position.lon, position.lat] },
        properties,
      });
    }
    features.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { type: 'FeatureCollection', features, truncated };
  };
}
