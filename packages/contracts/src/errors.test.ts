import { describe, expect, it } from 'vitest';
import { AppError, ZErrorBody, ZErrorCode, errorCodes, isAppError } from './errors';

describe('error codes', () => {
  it('maps each code to an HTTP status and a retriable flag', () => {
    expect(errorCodes.VALIDATION_FAILED).toMatchObject({ status: 400, retriable: false });
    expect(errorCodes.UNAUTHENTICATED.status).toBe(401);
    expect(errorCodes.FORBIDDEN.status).toBe(403);
    expect(errorCodes.NOT_FOUND.status).toBe(404);
    expect(errorCodes.CONFLICT.status).toBe(409);
    expect(errorCodes.PAYLOAD_TOO_LARGE.status).toBe(413);
    expect(errorCodes.RATE_LIMITED).toMatchObject({ status: 429, retriable: true });
    expect(errorCodes.LOG_UNAVAILABLE).toMatchObject({ status: 503, retriable: true });
    expect(errorCodes.DB_UNAVAILABLE).toMatchObject({ status: 503, retriable: true });
    expect(errorCodes.INTERNAL).toMatchObject({ status: 500, retriable: false });
    for (const code of ZErrorCode.options) {
      const { status } = errorCodes[code];
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });

  it('retries only what can succeed later', () => {
    const retriable = ZErrorCode.options.filter((code) => errorCodes[code].retriable).sort();
    expect(retriable).toEqual(['DB_UNAVAILABLE', 'LOG_UNAVAILABLE', 'RATE_LIMITED', 'TIMEOUT']);
  });
});

describe('AppError', () => {
  it('carries its code, status, retriable flag, details and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new AppError('DB_UNAVAILABLE', 'Database unreachable', { host: 'db' }, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(isAppError(error)).toBe(true);
    expect(error.name).toBe('AppError');
    expect(error.status).toBe(503);
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.toBody()).toEqual({
      code: 'DB_UNAVAILABLE',
      message: 'Database unreachable',
      retriable: true,
      details: { host: 'db' },
    });
    expect(ZErrorBody.safeParse(error.toBody()).success).toBe(true);
  });

  it('is told apart from other errors', () => {
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'INTERNAL' })).toBe(false);
    expect(new AppError('NOT_FOUND', 'No incident inc-1').toBody()).not.toHaveProperty('details');
  });

  it('error bodies reject unknown codes and multi-line messages', () => {
    expect(ZErrorBody.safeParse({ code: 'TEAPOT', message: 'x' }).success).toBe(false);
    expect(ZErrorBody.safeParse({ code: 'INTERNAL', message: 'a\nb' }).success).toBe(false);
  });
});
