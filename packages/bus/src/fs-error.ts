import { LogError } from './log';

/** Filesystem failures that may pass: a full or failing disk, descriptors exhausted. */
const UNAVAILABLE_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EROFS',
  'EMFILE',
  'ENFILE',
  'EAGAIN',
  'EBUSY',
]);

/** Wraps a filesystem error of the embedded log: `UNAVAILABLE` for disk trouble, `INTERNAL` otherwise. */
export function fsError(error: unknown, what: string): LogError {
  if (error instanceof LogError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) {
    return new LogError('UNAVAILABLE', `${what}: ${detail}`, { cause: error });
  }
  return new LogError('INTERNAL', `${what}: ${detail}`, { cause: error });
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
