/**
 * Which MQTT topics the bridge reads and what each becomes. A mapping is a topic pattern with MQTT
 * wildcards (`+` one level, `#` the rest) and a target:
 *
 * - `reading:<metric>[:<unit>]` — the `+` levels, joined by `:`, are the sensor id;
 * - `position[:<asset kind>]` — the `+` levels are the asset id.
 *
 * Written in the environment as `pattern=target` pairs separated by `;` or new lines, e.g.
 * `sensors/+/water_level=reading:water_level:m;trackers/+/position=position:vehicle`.
 */
import { ZAssetKind } from '@vigie/contracts/assets';
import type { TAssetKind } from '@vigie/contracts/assets';
import { ZMetric, metrics } from '@vigie/contracts/readings';
import type { TMetric } from '@vigie/contracts/readings';

export type MqttTarget =
  { kind: 'reading'; metric: TMetric; unit: string } | { kind: 'position'; assetKind: TAssetKind };

export interface MqttMapping {
  pattern: string;
  target: MqttTarget;
}

function validPattern(pattern: string): string | undefined {
  if (pattern === '' || pattern.length > 256) return 'empty or longer than 256 characters';
  const levels = pattern.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return '"#" must be a whole last level';
    if (level.includes('+') && level !== '+') return '"+" must be a whole level';
  }
  return undefined;
}

/** Parses the mapping list; throws one error naming every bad entry (a boot-time configuration error). */
export function parseMqttMappings(text: string): MqttMapping[] {
  const mappings: MqttMapping[] = [];
  const problems: string[] = [];
  for (const entry of text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const eq = entry.lastIndexOf('=');
    const pattern = entry.slice(0, eq).trim();
    const [kind = '', a, b] = entry
      .slice(eq + 1)
      .trim()
      .split(':');
    const bad = eq < 0 ? 'expected pattern=target' : validPattern(pattern);
    if (bad) {
      problems.push(`"${entry}": ${bad}`);
      continue;
    }
    if (kind === 'reading') {
      const metric = ZMetric.safeParse(a);
      if (!metric.success) {
        problems.push(`"${entry}": unknown metric "${a ?? ''}" (${ZMetric.options.join(', ')})`);
        continue;
      }
      mappings.push({
        pattern,
        target: { kind: 'reading', metric: metric.data, unit: b ?? metrics[metric.data].unit },
      });
    } else if (kind === 'position') {
      const assetKind = ZAssetKind.safeParse(a ?? 'vehicle');
      if (!assetKind.success) {
        problems.push(`"${entry}": unknown asset kind "${a ?? ''}" (${ZAssetKind.options.join(', ')})`);
        continue;
      }
      mappings.push({ pattern, target: { kind: 'position', assetKind: assetKind.data } });
    } else {
      problems.push(`"${entry}": target must be reading:<metric>[:<unit>] or position[:<asset kind>]`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid MQTT mappings:\n  ${problems.join('\n  ')}`);
  return mappings;
}

/** The values of the `+` levels (and the `#` rest) when `topic` matches `pattern`, else undefined. */
export function matchTopic(pattern: string, topic: string): string[] | undefined {
  const p = pattern.split('/');
  const t = topic.split('/');
  const captures: string[] = [];
  for (let i = 0; i < p.length; i++) {
    const level = p[i] as string;
    if (level === '#') {
      captures.push(t.slice(i).join('/'));
      return captures;
    }
    const value = t[i];
    if (value === undefined) return undefined;
    if (level === '+') captures.push(value);
    else if (level !== value) return undefined;
  }
  return t.length === p.length ? captures : undefined;
}
