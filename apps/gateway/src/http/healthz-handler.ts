/** GET /healthz — 200 while the process runs (liveness). */
export function healthzHandler() {
  return async (): Promise<{ status: 'ok' }> => ({ status: 'ok' });
}
