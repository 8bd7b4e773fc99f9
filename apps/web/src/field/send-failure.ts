// Whether a failed send is worth retrying: the network or the gateway is away (retry), or the gateway
// answered that the action itself is wrong (do not retry; show why).

const FINAL_CODES: ReadonlySet<string> = new Set([
  'BAD_REQUEST',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE_CONTENT',
  'PAYLOAD_TOO_LARGE',
]);

export interface ClassifiedFailure {
  readonly retriable: boolean;
  readonly message: string;
}

/** From a tRPC client error (its `data.code` when the gateway answered) or any thrown value. */
export function classifySendError(error: unknown): ClassifiedFailure {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  if (typeof code !== 'string') return { retriable: true, message };
  return { retriable: !FINAL_CODES.has(code), message: `${code}: ${message}` };
}
