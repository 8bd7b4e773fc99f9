'use client';
// Play / pause, step back and forward, speed (1×…600×).
import { useStore } from 'zustand';
import { useI18n } from '../i18n/i18n-context';
import { SPEEDS } from './replay-clock';
import type { ReplayFeed } from './replay-feed';
import { replayStore } from './replay-state';

export const STEP_SECONDS = 60;

export function ReplayControls({ feed }: { feed: ReplayFeed | null }) {
  const { t } = useI18n();
  const playing = useStore(replayStore, (s) => s.playing);
  const speed = useStore(replayStore, (s) => s.speed);
  const ended = useStore(replayStore, (s) => s.ended);
  const open = useStore(replayStore, (s) => s.status === 'open');
  const disabled = feed === null || !open;
  return (
    <div className="replay-controls">
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => feed?.step(-STEP_SECONDS)}
        aria-label={t('replay.stepBack', { seconds: STEP_SECONDS })}
        title={t('replay.stepBack', { seconds: STEP_SECONDS })}
      >
        −{STEP_SECONDS} s
      </button>
      <button
        type="button"
        className="button button--primary replay-controls__play"
        data-testid="replay-play"
        disabled={disabled}
        aria-pressed={playing}
        onClick={() => (playing ? feed?.pause() : feed?.play())}
      >
        {playing ? t('replay.pause') : `▶ ${t('replay.play')}`}
      </button>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => feed?.step(STEP_SECONDS)}
        aria-label={t('replay.stepForward', { seconds: STEP_SECONDS })}
        title={t('replay.stepForward', { seconds: STEP_SECONDS })}
      >
        +{STEP_SECONDS} s
      </button>
      <label className="replay-controls__speed">
        <span>{t('replay.speed')}</span>
        <select
          data-testid="replay-speed"
          value={speed}
          disabled={disabled}
          onChange={(event) => feed?.speed(Number(event.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      {ended && <span className="muted">{t('replay.ended')}</span>}
    </div>
  );
}
