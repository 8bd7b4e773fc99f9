/**
 * Client-side batching for the Kafka producer (what the Java client calls linger): produce calls made
 * in the same turn of the event loop, or while earlier requests are in flight, go to the broker as one
 * request per topic, then each caller gets its own records' positions. Many small produce calls (one
 * record per ingest request or MQTT message) thus cost a few requests, not one each.
 *
 * A caller's records stay together and in order; calls are sent in the order they were made. At most
 * `maxInFlight` requests per topic are outstanding; one request carries about `maxBytes` at most (a
 * single call larger than that is sent alone).
 */

interface Pending<M, R> {
  readonly messages: readonly M[];
  readonly bytes: number;
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

interface TopicQueue<M, R> {
  pending: Pending<M, R>[];
  inFlight: number;
  scheduled: boolean;
}

export interface CoalescerLimits {
  readonly maxBytes: number;
  readonly maxInFlight: number;
}

export class ProduceCoalescer<M, R> {
  private readonly queues = new Map<string, TopicQueue<M, R>>();
  private readonly send: (topic: string, messages: M[]) => Promise<R[]>;
  private readonly limits: CoalescerLimits;
  private requests = 0;
  private idleWaiters: (() => void)[] = [];

  /** `send` must resolve with one result per message, in order. */
  constructor(send: (topic: string, messages: M[]) => Promise<R[]>, limits: CoalescerLimits) {
    this.send = send;
    this.limits = limits;
  }

  /** Resolves once every produce call made so far has settled. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Requests sent so far. */
  get requestCount(): number {
    return this.requests;
  }

  produce(topic: string, messages: readonly M[], bytes: number): Promise<R[]> {
    let queue = this.queues.get(topic);
    if (!queue) {
      queue = { pending: [], inFlight: 0, scheduled: false };
      this.queues.set(topic, queue);
    }
    const q = queue;
    return new Promise<R[]>((resolve, reject) => {
      q.pending.push({ messages, bytes, resolve, reject });
      this.schedule(topic, q);
    });
  }

  private schedule(topic: string, queue: TopicQueue<M, R>): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    // setImmediate, not a microtask: calls made by the other callbacks of this turn join the request.
    setImmediate(() => {
      queue.scheduled = false;
      this.drain(topic, queue);
    });
  }

  private drain(topic: string, queue: TopicQueue<M, R>): void {
    while (queue.inFlight < this.limits.maxInFlight && queue.pending.length > 0) {
      const group: Pending<M, R>[] = [];
      let bytes = 0;
      while (queue.pending.length > 0) {
        const next = queue.pending[0]!;
        if (group.length > 0 && bytes + next.bytes > this.limits.maxBytes) break;
        group.push(queue.pending.shift()!);
        bytes += next.bytes;
      }
      queue.inFlight++;
      this.requests++;
      void this.sendGroup(topic, group).finally(() => {
        queue.inFlight--;
        if (queue.pending.length > 0) this.drain(topic, queue);
        else if (queue.inFlight === 0) {
          this.queues.delete(topic);
          if (this.queues.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
      });
    }
  }

  private async sendGroup(topic: string, group: readonly Pending<M, R>[]): Promise<void> {
    const messages = group.flatMap((item) => item.messages);
    let results: R[];
    try {
      results = await this.send(topic, messages);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    let at = 0;
    for (const item of group) {
      item.resolve(results.slice(at, at + item.messages.length));
      at += item.messages.length;
    }
  }
}
