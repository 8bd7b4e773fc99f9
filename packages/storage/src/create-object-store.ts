/** The object store the configuration names: a local directory, or an S3-compatible bucket. */
import { createLocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';

export type MediaStorageConfig =
  | { kind: 'local'; directory: string }
  | {
      kind: 's3';
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    };

export function createObjectStore(config: MediaStorageConfig): ObjectStore {
  if (config.kind === 'local') return createLocalObjectStore(config.directory);
  return createS3ObjectStore({
    endpoint: config.endpoint,
    bucket: config.bucket,
    region: config.region,
    credentials: {
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      ...(config.sessionToken === undefined ? {} : { sessionToken: config.sessionToken }),
    },
  });
}
