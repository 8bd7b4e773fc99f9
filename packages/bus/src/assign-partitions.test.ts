import { describe, expect, it } from 'vitest';
import { assignPartitions } from './assign-partitions';

describe('assignPartitions', () => {
  it('spreads partitions round-robin over the members, in member-id order', () => {
    const assignment = assignPartitions(
      [
        { memberId: 'm2', topics: ['t'] },
        { memberId: 'm1', topics: ['t'] },
      ],
      new Map([['t', 5]]),
    );
    expect(assignment.get('m1')!.map((tp) => tp.partition)).toEqual([0, 2, 4]);
    expect(assignment.get('m2')!.map((tp) => tp.partition)).toEqual([1, 3]);
  });

  it('gives a topic only to members subscribed to it', () => {
    const assignment = assignPartitions(
      [
        { memberId: 'a', topics: ['x', 'y'] },
        { memberId: 'b', topics: ['y'] },
      ],
      new Map([
        ['x', 2],
        ['y', 2],
      ]),
    );
    expect(assignment.get('a')).toEqual([
      { topic: 'x', partition: 0 },
      { topic: 'x', partition: 1 },
      { topic: 'y', partition: 1 },
    ]);
    expect(assignment.get('b')).toEqual([{ topic: 'y', partition: 0 }]);
  });

  it('assigns every partition exactly once', () => {
    const members = Array.from({ length: 3 }, (_, i) => ({ memberId: `m${i}`, topics: ['t', 'u'] }));
    const assignment = assignPartitions(
      members,
      new Map([
        ['t', 7],
        ['u', 4],
      ]),
    );
    const all = [...assignment.values()].flat().map((tp) => `${tp.topic}/${tp.partition}`);
    expect(new Set(all).size).toBe(11);
    expect(all).toHaveLength(11);
  });
});
