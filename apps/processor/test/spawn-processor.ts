/**
 * Runs `src/main.ts` in a child process, the way it runs in production, and reads it from outside:
 * its JSON log lines (stdout) and its Prometheus `/metrics`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface ChildProcessor {
  /** Port of /metrics once the child serves it. */
  readonly port: Promise<number>;
  /** Resolves when the child logged that the processor runs. */
  readonly running: Promise<void>;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Everything the child wrote so far, for failure messages. */
  output(): string;
}

export function spawnProcessor(env: Record<string, string>): ChildProcessor {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, PROCESSOR_HTTP_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolvePort: (port: number) => void = () => undefined;
  let resolveRunning: () => void = () => undefined;
  const port = new Promise<number>((resolve) => (resolvePort = resolve));
  const running = new Promise<void>((resolve) => (resolveRunning = resolve));
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (typeof entry.port === 'number' && entry.msg?.startsWith('metrics and health'))
        resolvePort(entry.port);
      if (entry.msg === 'processor running') resolveRunning();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    port,
    running: Promise.race([
      running,
      exited.then((code) => {
        throw new Error(`processor exited (${code}) before running:\n${out.slice(-4000)}`);
      }),
    ]),
    exited,
    kill: (signal) => void child.kill(signal),
    output: () => out,
  };
}

/** Samples of the child's metrics: `name{labels}` → value. */
export async function scrapeMetrics(port: number): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** Sum of the samples of a metric whose labels contain every `name="value"` given. */
export function sumOf(
  samples: Map<string, number>,
  metric: string,
  labels: Record<string, string> = {},
): number {
  let total = 0;
  for (const [key, value] of samples) {
    if (!key.startsWith(`${metric}{`) && key !== metric) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}
