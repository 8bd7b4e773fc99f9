/**
 * Tracker apps carry their API key in the URL (`/api/v1/osmand/<key>` or `?key=`), so request URLs
 * must never be logged as they are. A host process that logs requests uses `redactingRequestSerializer`
 * (pino `serializers.req`) or `redactUrl` on whatever it prints.
 */

const KEY_IN_PATH = /^(\/api\/v1\/osmand\/)[^/?#]+/;
const KEY_IN_QUERY = /([?&](?:key|token|api_key|apikey|access_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(KEY_IN_PATH, '$1[redacted]').replace(KEY_IN_QUERY, '$1[redacted]');
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  id?: unknown;
  headers?: Record<string, unknown>;
}

/** pino request serializer: method, redacted URL, remote address, request id; no headers (they hold keys). */
export function redactingRequestSerializer(request: RequestLike): Record<string, unknown> {
  return {
    id: request.id,
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    remoteAddress: request.ip,
  };
}
