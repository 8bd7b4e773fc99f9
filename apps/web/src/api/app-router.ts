// The gateway router's type, for the tRPC client. Only the type crosses: `import type` is erased at build time.
export type { AppRouter } from '@vigie/gateway/router';
