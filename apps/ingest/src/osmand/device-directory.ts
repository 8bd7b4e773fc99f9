/**
 * Which asset a tracker's fixes belong to. A device `<deviceId>` of source `<source>` is the asset
 * `<source>:<deviceId>`: registered beforehand by an admin (an `assets` row with that id), or, when
 * the source's API key has the `devices:register` scope, created by the processor from its first fix
 * (ingest only writes to the log). Answers are cached, registered and unknown alike, for a short time.
 */
import type { TAssetKind } from '@vigie/contracts/assets';

export interface RegisteredDevice {
  assetId: string;
  kind: TAssetKind;
  /** False when the asset does not exist yet (auto-registration). */
  registered: boolean;
}

export interface DeviceDirectoryOptions {
  /** Kind of the asset with this id, or null when there is none (`getAsset(db, id)?.kind`). */
  lookupAssetKind: (assetId: string) => Promise<string | null>;
  ttlMs: number;
  /** Kind of assets registered on their first fix, and of stored kinds with no wire equivalent. */
  defaultKind: TAssetKind;
  maxEntries?: number;
  now?: () => number;
}

export interface DeviceDirectory {
  /** The device's asset, or null when the device is unknown and auto-registration is not allowed. */
  resolve(source: string, deviceId: string, autoRegister: boolean): Promise<RegisteredDevice | null>;
}

const WIRE_KINDS: readonly string[] = ['vehicle', 'team', 'boat', 'drone', 'aircraft', 'person'];

export function assetIdOfDevice(source: string, deviceId: string): string {
  return `${source}:${deviceId}`;
}

export function createDeviceDirectory(options: DeviceDirectoryOptions): DeviceDirectory {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  const cache = new Map<string, { kind: string | null; expiresAt: number }>();

  async function kindOf(assetId: string): Promise<string | null> {
    const hit = cache.get(assetId);
    if (hit !== undefined && hit.expiresAt > now()) return hit.kind;
    const kind = await options.lookupAssetKind(assetId);
    if (options.ttlMs > 0) {
      cache.delete(assetId);
      cache.set(assetId, { kind, expiresAt: now() + options.ttlMs });
      if (cache.size > maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
    }
    return kind;
  }

  return {
    async resolve(source, deviceId, autoRegister) {
      const assetId = assetIdOfDevice(source, deviceId);
      const kind = await kindOf(assetId);
      if (kind === null) {
        return autoRegister ? { assetId, kind: options.defaultKind, registered: false } : null;
      }
      const wireKind = WIRE_KINDS.includes(kind) ? (kind as TAssetKind) : options.defaultKind;
      return { assetId, kind: wireKind, registered: true };
    },
  };
}
