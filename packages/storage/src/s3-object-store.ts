/**
 * Media kept in an S3-compatible bucket, with SigV4-signed requests sent by `fetch` to the configured
 * endpoint (path-style URLs: `<endpoint>/<bucket>/<key>`, which MinIO, Ceph and AWS all accept).
 */
import { signAwsV4, sha256Hex } from './sign-aws-v4';
import type { SigV4Credentials } from './sign-aws-v4';
import { assertObjectKey } from './object-store';
import type { ObjectStore } from './object-store';

export interface S3StoreConfig {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: SigV4Credentials;
  /** Abort a request after this many milliseconds. */
  timeoutMs?: number;
}

export function createS3ObjectStore(config: S3StoreConfig, fetchImpl: typeof fetch = fetch): ObjectStore {
  const base = config.endpoint.replace(/\/+$/, '');
  const urlOf = (key: string) =>
    `${base}/${config.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const send = async (method: 'PUT' | 'GET', key: string, body?: Uint8Array, contentType?: string) => {
    const payloadHash = body === undefined ? sha256Hex('') : sha256Hex(body);
    const signed = signAwsV4(
      {
        method,
        url: urlOf(key),
        headers: {
          'x-amz-content-sha256': payloadHash,
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
        },
        payloadHash,
      },
      config.credentials,
      { region: config.region, service: 's3', date: new Date() },
    );
    const { host: _host, ...headers } = signed.headers;
    return fetchImpl(urlOf(key), {
      method,
      headers,
      ...(body === undefined ? {} : { body: Buffer.from(body) }),
      signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
    });
  };
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      assertObjectKey(key);
      const response = await send('PUT', key, bytes, contentType);
      if (!response.ok) {
        throw new Error(
          `object store refused ${key}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`,
        );
      }
      return { uri: `s3://${config.bucket}/${key}`, sizeBytes: bytes.byteLength };
    },
    async get(uri) {
      const prefix = `s3://${config.bucket}/`;
      if (!uri.startsWith(prefix)) return undefined;
      const key = uri.slice(prefix.length);
      assertObjectKey(key);
      const response = await send('GET', key);
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`object store answered HTTP ${response.status} for ${key}`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
