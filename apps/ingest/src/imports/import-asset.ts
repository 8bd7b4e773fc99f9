/** The asset a GPX or NMEA file belongs to: `?asset=<id>` (becomes `<source>:<id>`) and `?kind=`. */
import { ZAssetKind } from '@vigie/contracts/assets';
import type { TAssetKind } from '@vigie/contracts/assets';
import type { FastifyRequest } from 'fastify';
import { IngestError } from '../ingest-error';
import { queryText } from './import-request';

const ASSET_ID = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/;

export function importAsset(
  request: FastifyRequest,
  source: string,
  required: boolean,
): { assetId: string | undefined; assetKind: TAssetKind } {
  const asset = queryText(request, 'asset');
  const kind = queryText(request, 'kind') ?? 'vehicle';
  const parsedKind = ZAssetKind.safeParse(kind);
  if (!parsedKind.success) {
    throw new IngestError(
      'VALIDATION_FAILED',
      `Unknown asset kind "${kind.slice(0, 32)}"; use one of ${ZAssetKind.options.join(', ')}`,
    );
  }
  if (asset === undefined) {
    if (required)
      throw new IngestError(
        'VALIDATION_FAILED',
        'Say whose track this is: add ?asset=<device id> (the asset becomes <source>:<id>)',
      );
    return { assetId: undefined, assetKind: parsedKind.data };
  }
  if (!ASSET_ID.test(asset)) {
    throw new IngestError(
      'VALIDATION_FAILED',
      'asset must be 1-64 letters, digits or . _ : @ / + # = ~ - (no spaces)',
    );
  }
  return { assetId: `${source}:${asset}`, assetKind: parsedKind.data };
}
