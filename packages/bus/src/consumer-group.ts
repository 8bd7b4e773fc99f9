/**
 * In-process coordinator of one consumer group of the embedded log. It keeps the members, computes a
 * round-robin assignment (`assign-partitions.ts`) whenever membership changes, and hands partitions
 * over safely: a partition moves only after its previous owner has finished the batch it was
 * handling (so that batch's commit still counts), and a member that does not give a partition back
 * within the rebalance timeout is declared dead and evicted — its later commits are refused and its
 * partitions resume elsewhere from the last commit.
 *
 * Partitions a member keeps are not interrupted by a rebalance (incremental hand-over).
 */
import { assignPartitions } from './assign-partitions';
import type { TopicPartition } from './log';
import type { Logger } from './logger';

export interface GroupMember {
  /** Changes when the member rejoins after an eviction. */
  readonly memberId: string;
  readonly topics: readonly string[];
  /** These partitions are now the member's. */
  assign(partitions: readonly TopicPartition[]): void;
  /** Stop reading these partitions; resolves once no batch of them is being handled. */
  revoke(partitions: readonly TopicPartition[]): Promise<void>;
  /** The member did not give partitions back in time: it is no longer in the group. */
  evict(): void;
}

export interface ConsumerGroupOptions {
  readonly groupId: string;
  readonly partitionCount: (topic: string) => number;
  /** How long a member may take to finish its batch and give partitions back. */
  readonly rebalanceTimeoutMs: number;
  readonly logger: Logger;
}

function keyOf(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

export class ConsumerGroup {
  readonly groupId: string;
  private readonly options: ConsumerGroupOptions;
  private readonly members = new Map<string, GroupMember>();
  private readonly owned = new Map<GroupMember, Map<string, TopicPartition>>();
  private queue: Promise<void> = Promise.resolve();
  private memberSequence = 0;

  constructor(options: ConsumerGroupOptions) {
    this.groupId = options.groupId;
    this.options = options;
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** A member id that sorts after every id given before (members are assigned in join order). */
  nextMemberId(): string {
    this.memberSequence++;
    return `${this.groupId}#${this.memberSequence.toString().padStart(8, '0')}`;
  }

  /** Adds a member; resolves once the rebalance that includes it is done. */
  join(member: GroupMember): Promise<void> {
    this.members.set(member.memberId, member);
    return this.rebalance();
  }

  /**
   * Removes a member whose batches are all finished; its partitions are free at once. Resolves when the
   * resulting rebalance is done (callers need not wait for it).
   */
  leave(member: GroupMember): Promise<void> {
    if (this.members.get(member.memberId) === member) this.members.delete(member.memberId);
    this.owned.delete(member);
    return this.rebalance();
  }

  owns(member: GroupMember, tp: TopicPartition): boolean {
    return this.owned.get(member)?.has(keyOf(tp)) ?? false;
  }

  private rebalance(): Promise<void> {
    const run = this.queue.then(() => this.rebalanceNow());
    this.queue = run.catch((error: unknown) => {
      this.options.logger.error({ groupId: this.groupId, error: String(error) }, 'rebalance failed');
    });
    return this.queue;
  }

  private async rebalanceNow(): Promise<void> {
    for (;;) {
      const members = [...this.members.values()];
      const counts = new Map<string, number>();
      for (const member of members)
        for (const topic of member.topics) counts.set(topic, this.options.partitionCount(topic));
      const target = assignPartitions(
        members.map((m) => ({ memberId: m.memberId, topics: m.topics })),
        counts,
      );

      // 1. Take back, from each owner, what the new assignment gives to someone else.
      const evicted: GroupMember[] = [];
      await Promise.all(
        [...this.owned].map(async ([member, owned]) => {
          const keep = new Set((target.get(member.memberId) ?? []).map(keyOf));
          const lost = [...owned.entries()].filter(([key]) => !keep.has(key));
          if (lost.length === 0) return;
          const returned = await this.withinTimeout(member.revoke(lost.map(([, tp]) => tp)));
          if (returned) for (const [key] of lost) owned.delete(key);
          else evicted.push(member);
        }),
      );
      if (evicted.length > 0) {
        for (const member of evicted) {
          if (this.members.get(member.memberId) === member) this.members.delete(member.memberId);
          this.owned.delete(member);
          this.options.logger.warn(
            {
              groupId: this.groupId,
              memberId: member.memberId,
              rebalanceTimeoutMs: this.options.rebalanceTimeoutMs,
            },
            'member did not finish its batch within the rebalance timeout: evicted from the group',
          );
          member.evict();
        }
        continue; // recompute without them
      }

      // 2. Hand the free partitions to their new owners (members still in the group).
      for (const member of this.members.values()) {
        const assigned = target.get(member.memberId);
        if (!assigned) continue; // joined during step 1: the next rebalance covers it
        let owned = this.owned.get(member);
        if (!owned) {
          owned = new Map();
          this.owned.set(member, owned);
        }
        const gained = assigned.filter((tp) => !owned.has(keyOf(tp)) && !this.isOwnedByAnother(member, tp));
        if (gained.length === 0) continue;
        for (const tp of gained) owned.set(keyOf(tp), tp);
        member.assign(gained);
      }
      return;
    }
  }

  private isOwnedByAnother(member: GroupMember, tp: TopicPartition): boolean {
    const key = keyOf(tp);
    for (const [other, owned] of this.owned) if (other !== member && owned.has(key)) return true;
    return false;
  }

  private async withinTimeout(work: Promise<void>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.rebalanceTimeoutMs);
    });
    try {
      return await Promise.race([work.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
