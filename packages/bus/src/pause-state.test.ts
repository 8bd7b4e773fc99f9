import { describe, expect, it } from 'vitest';
import { PauseState } from './pause-state';

describe('PauseState', () => {
  it('pauses single partitions and whole topics', () => {
    const state = new PauseState();
    state.pause([{ topic: 'a', partitions: [1] }, { topic: 'b' }]);
    expect(state.isPaused('a', 0)).toBe(false);
    expect(state.isPaused('a', 1)).toBe(true);
    expect(state.isPaused('b', 0)).toBe(true);
    expect(state.isPaused('b', 99)).toBe(true);
  });

  it('resumes some partitions of a paused topic, or all of it', () => {
    const state = new PauseState();
    state.pause([{ topic: 'b' }]);
    state.resume([{ topic: 'b', partitions: [2] }]);
    expect(state.isPaused('b', 2)).toBe(false);
    expect(state.isPaused('b', 3)).toBe(true);
    state.pause([{ topic: 'b', partitions: [2] }]);
    expect(state.isPaused('b', 2)).toBe(true);
    state.resume([{ topic: 'b' }]);
    expect(state.isPaused('b', 2)).toBe(false);
    expect(state.isPaused('b', 3)).toBe(false);
  });
});
