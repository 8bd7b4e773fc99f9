/** How CLI commands fail: a usage error (exit 2, with the usage text) or a failure (exit 1). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}

export interface CliOutput {
  /** A line for the operator (stdout). */
  print(line: string): void;
}

/** The value of a required option, or a usage error naming it. */
export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`--${name} is required`);
  return value.trim();
}
