import type { TopicPartitions } from './log';

interface TopicPauses {
  /** The whole topic is paused, except the partitions in `resumed`. */
  all: boolean;
  paused: Set<number>;
  resumed: Set<number>;
}

/**
 * Which partitions a consumer must not fetch. Pausing a topic covers its partitions now and later;
 * resuming a topic clears every pause on it; resuming some partitions of a paused topic lets only
 * those through. Kept by the consumer, so it survives rebalances.
 */
export class PauseState {
  private readonly topics = new Map<string, TopicPauses>();

  pause(targets: readonly TopicPartitions[]): void {
    for (const { topic, partitions } of targets) {
      const state = this.stateOf(topic);
      if (partitions === undefined) {
        state.all = true;
        state.paused.clear();
        state.resumed.clear();
      } else {
        for (const partition of partitions) {
          state.paused.add(partition);
          state.resumed.delete(partition);
        }
      }
    }
  }

  resume(targets: readonly TopicPartitions[]): void {
    for (const { topic, partitions } of targets) {
      const state = this.topics.get(topic);
      if (!state) continue;
      if (partitions === undefined) {
        this.topics.delete(topic);
      } else {
        for (const partition of partitions) {
          state.paused.delete(partition);
          if (state.all) state.resumed.add(partition);
        }
      }
    }
  }

  isPaused(topic: string, partition: number): boolean {
    const state = this.topics.get(topic);
    if (!state) return false;
    return state.paused.has(partition) || (state.all && !state.resumed.has(partition));
  }

  private stateOf(topic: string): TopicPauses {
    let state = this.topics.get(topic);
    if (!state) {
      state = { all: false, paused: new Set(), resumed: new Set() };
      this.topics.set(topic, state);
    }
    return state;
  }
}
