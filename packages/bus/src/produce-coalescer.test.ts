import { describe, expect, it } from 'vitest';
import { ProduceCoalescer } from './produce-coalescer';

describe('ProduceCoalescer', () => {
  it('sends calls made together as one request and gives each caller its own results', async () => {
    const requests: string[][] = [];
    const coalescer = new ProduceCoalescer<string, string>(
      async (topic, messages) => {
        requests.push([...messages]);
        return messages.map((m) => `${topic}:${m}`);
      },
      { maxBytes: 1000, maxInFlight: 1 },
    );
    const results = await Promise.all([
      coalescer.produce('t', ['a', 'b'], 2),
      coalescer.produce('t', ['c'], 1),
      coalescer.produce('u', ['d'], 1),
    ]);
    expect(results).toEqual([['t:a', 't:b'], ['t:c'], ['u:d']]);
    expect(requests).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('splits by size, keeps call order, and batches what arrives while a request is in flight', async () => {
    const requests: number[][] = [];
    let release: () => void = () => undefined;
    let gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const coalescer = new ProduceCoalescer<number, number>(
      async (_topic, messages) => {
        requests.push([...messages]);
        await gate;
        return messages;
      },
      { maxBytes: 3, maxInFlight: 1 },
    );
    const first = coalescer.produce('t', [1], 1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4, 5, 6].map((n) => coalescer.produce('t', [n], 1));
    release();
    gate = Promise.resolve();
    await Promise.all([first, ...rest]);
    expect(requests).toEqual([[1], [2, 3, 4], [5, 6]]);
    await coalescer.idle();
  });

  it('fails every caller of a failed request, and only them', async () => {
    const coalescer = new ProduceCoalescer<string, string>(
      async (topic, messages) => {
        if (topic === 'down') throw new Error('broker down');
        return messages;
      },
      { maxBytes: 100, maxInFlight: 2 },
    );
    const outcomes = await Promise.allSettled([
      coalescer.produce('down', ['a'], 1),
      coalescer.produce('down', ['b'], 1),
      coalescer.produce('up', ['c'], 1),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
