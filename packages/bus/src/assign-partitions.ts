import type { TopicPartition } from './log';

export interface GroupMemberSubscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/**
 * Round-robin assignment: every partition of every subscribed topic, in (topic, partition) order, goes
 * to the next member (by member id) subscribed to its topic. Deterministic for a given membership.
 */
export function assignPartitions(
  members: readonly GroupMemberSubscription[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  const assignment = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
  const topics = [...new Set(sorted.flatMap((m) => m.topics))].sort();
  let next = 0;
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < count; partition++) {
      for (let tried = 0; tried < sorted.length; tried++) {
        const member = sorted[(next + tried) % sorted.length]!;
        if (member.topics.includes(topic)) {
          assignment.get(member.memberId)!.push({ topic, partition });
          next = (next + tried + 1) % sorted.length;
          break;
        }
      }
    }
  }
  return assignment;
}
