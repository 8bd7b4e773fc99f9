import { describe, expect, it } from 'vitest';
import { parseSimulatorFlags } from './parse-simulator-flags';

describe('parseSimulatorFlags', () => {
  it('returns the defaults, overridden by the flags, ignoring other arguments', () => {
    expect(parseSimulatorFlags([])).toMatchObject({
      enabled: true,
      rate: 300,
      seed: 2021,
      scenario: 'haiti-south',
    });
    const flags = parseSimulatorFlags([
      '--port=3000',
      '--sim-rate=5000',
      '--sim-seed=-42',
      '--sim-scenario=haiti-south',
      '--sim-speed=10',
      '--sim-start=2021-08-14T12:29:08Z',
    ]);
    expect(flags).toEqual({
      enabled: true,
      rate: 5000,
      seed: -42,
      scenario: 'haiti-south',
      timeScale: 10,
      startTime: Date.parse('2021-08-14T12:29:08Z'),
    });
    expect(parseSimulatorFlags(['--no-sim']).enabled).toBe(false);
    expect(parseSimulatorFlags([], { rate: 50, enabled: false })).toMatchObject({ rate: 50, enabled: false });
  });

  it('refuses bad values and unknown simulator flags with a readable message', () => {
    expect(() => parseSimulatorFlags(['--sim-rate=0'])).toThrow(/--sim-rate expects a number/);
    expect(() => parseSimulatorFlags(['--sim-rate=lots'])).toThrow(/--sim-rate/);
    expect(() => parseSimulatorFlags(['--sim-seed=1.5'])).toThrow(/integer/);
    expect(() => parseSimulatorFlags(['--sim-scenario=mars'])).toThrow(/known: haiti-south/);
    expect(() => parseSimulatorFlags(['--sim-start=tomorrow'])).toThrow(/ISO-8601/);
    expect(() => parseSimulatorFlags(['--sim-rate'])).toThrow(/needs a value/);
    expect(() => parseSimulatorFlags(['--sim-turbo=1'])).toThrow(/Unknown simulator flag --sim-turbo/);
  });
});
