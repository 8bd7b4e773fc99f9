/**
 * Catalog topic names ↔ the names on the log. Production uses the catalog names as they are; tests
 * and side-by-side deployments put a prefix in front (or name topics one by one) so they never share
 * a topic.
 */
import { topicNames } from '@vigie/contracts/topics';
import type { TopicName } from '@vigie/contracts/topics';

export type TopicMap = Readonly<Record<TopicName, string>>;

export function resolveTopics(prefix: string, overrides: Readonly<Record<string, string>> = {}): TopicMap {
  const map = {} as Record<TopicName, string>;
  for (const name of topicNames) map[name] = overrides[name] ?? `${prefix}${name}`;
  const physical = new Set(Object.values(map));
  if (physical.size !== topicNames.length) throw new Error('Two catalog topics map to the same log topic');
  return map;
}

/** The catalog name of a topic on the log, or undefined when it is not one of ours. */
export function catalogTopic(map: TopicMap, physical: string): TopicName | undefined {
  for (const name of topicNames) if (map[name] === physical) return name;
  return undefined;
}
