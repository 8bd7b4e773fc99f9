/**
 * Command-line flags of the simulator, for `npm start` and `npm start -w @vigie/ingest`:
 * `--no-sim`, `--sim-rate=N` (events/s), `--sim-seed=N`, `--sim-scenario=haiti-south`,
 * `--sim-speed=N` (simulated seconds per real second), `--sim-start=<ISO time>`.
 * Other arguments are left to whoever else reads the command line.
 */
import { SCENARIO_NAMES } from './scenarios';

export interface SimulatorFlags {
  enabled: boolean;
  rate: number;
  seed: number;
  scenario: string;
  timeScale: number;
  /** Simulated start time, ms since the epoch (default: now). */
  startTime?: number;
}

export const defaultSimulatorFlags: SimulatorFlags = {
  enabled: true,
  rate: 300,
  seed: 2021,
  scenario: 'haiti-south',
  timeScale: 1,
};

function positiveNumber(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new RangeError(`${flag} expects a number in (0, ${max}], got "${text}"`);
  }
  return value;
}

/** Reads the `--sim-*` flags of `argv` (e.g. `process.argv.slice(2)`) over the given defaults. */
export function parseSimulatorFlags(
  argv: readonly string[],
  defaults: Partial<SimulatorFlags> = {},
): SimulatorFlags {
  const flags: SimulatorFlags = { ...defaultSimulatorFlags, ...defaults };
  for (const arg of argv) {
    if (arg === '--no-sim') {
      flags.enabled = false;
      continue;
    }
    if (arg === '--sim') {
      flags.enabled = true;
      continue;
    }
    if (!arg.startsWith('--sim-')) continue;
    const eq = arg.indexOf('=');
    if (eq < 0) throw new RangeError(`${arg} needs a value: ${arg}=…`);
    const name = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    switch (name) {
      case '--sim-rate':
        flags.rate = positiveNumber(name, value, 1_000_000);
        break;
      case '--sim-seed': {
        const seed = Number(value);
        if (!Number.isSafeInteger(seed))
          throw new RangeError(`--sim-seed expects an integer, got "${value}"`);
        flags.seed = seed;
        break;
      }
      case '--sim-scenario':
        if (!SCENARIO_NAMES.includes(value)) {
          throw new RangeError(`--sim-scenario "${value}" is unknown; known: ${SCENARIO_NAMES.join(', ')}`);
        }
        flags.scenario = value;
        break;
      case '--sim-speed':
        flags.timeScale = positiveNumber(name, value, 3600);
        break;
      case '--sim-start': {
        const time = Date.parse(value);
        if (!Number.isFinite(time))
          throw new RangeError(`--sim-start expects an ISO-8601 time, got "${value}"`);
        flags.startTime = time;
        break;
      }
      default:
        throw new RangeError(
          `Unknown simulator flag ${name}; use --no-sim, --sim-rate=N, --sim-seed=N, --sim-scenario=NAME, --sim-speed=N, --sim-start=ISO`,
        );
    }
  }
  return flags;
}
