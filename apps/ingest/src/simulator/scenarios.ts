/** The scenarios the simulator knows, by name. */
import { createHaitiSouthScenario } from './haiti-south-scenario';
import type { Scenario, ScenarioOptions } from './scenario';

export const scenarios: Readonly<Record<string, (options: ScenarioOptions) => Scenario>> = {
  'haiti-south': createHaitiSouthScenario,
};

export const SCENARIO_NAMES = Object.keys(scenarios);

export function createScenario(name: string, options: ScenarioOptions): Scenario {
  const build = scenarios[name];
  if (build === undefined) {
    throw new RangeError(`Unknown scenario "${name}"; known: ${SCENARIO_NAMES.join(', ')}`);
  }
  return build(options);
}
