/**
 * Where media bytes live: an object store behind this small interface. The local directory store is
 * the default (under the data directory); an S3-compatible store is used when an endpoint is
 * configured. Keys are relative paths such as `media/2021/08/16/<id>.jpg`.
 */
export interface StoredObject {
  /** URI recorded in events and rows: `file://…` or `s3://bucket/key`. */
  uri: string;
  sizeBytes: number;
}

export interface ObjectStore {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<StoredObject>;
  /** The bytes of an object this store wrote, or undefined when there is none. */
  get(uri: string): Promise<Buffer | undefined>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,511}$/;

/** Refuses keys that could leave the store's root (`..`, absolute paths, odd characters). */
export function assertObjectKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new RangeError(`invalid object key "${key.slice(0, 100)}"`);
  }
}
