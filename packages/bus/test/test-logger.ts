import type { Logger } from '../src/logger';

/** Test runs print errors only, except those a test provokes on purpose. */
export const testLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (fields, message) => {
    if (String(fields.error ?? '').includes('(simulated)')) return;
    console.error(JSON.stringify({ level: 'error', message, ...fields }));
  },
};
