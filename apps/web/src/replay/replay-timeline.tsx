'use client';
// The timeline: event density histogram, incident markers, and a cursor that can be dragged, clicked or
// moved with the keyboard (a slider). The seek is sent when the pointer is released, not on every move.
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useStore } from 'zustand';
import { useI18n } from '../i18n/i18n-context';
import { cssColor } from '../map/entity-style';
import { severityColor } from './replay-layers';
import { replayStore } from './replay-state';
import { fractionOf, histogramBars, placeMarkers, timeAtPointer, timeForKey, timeTicks } from './timeline';

export function formatInstant(locale: string, ms: number, withDate = true): string {
  return new Intl.DateTimeFormat(locale, {
    ...(withDate ? { day: '2-digit', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: withDate ? '2-digit' : undefined,
  }).format(ms);
}

export function ReplayTimeline({ onSeek }: { onSeek: (atMs: number) => void }) {
  const { t, locale } = useI18n();
  const range = useStore(replayStore, (s) => s.range);
  const histogram = useStore(replayStore, (s) => s.histogram);
  const markers = useStore(replayStore, (s) => s.markers);
  const atMs = useStore(replayStore, (s) => s.atMs);
  const [dragMs, setDragMs] = useState<number | null>(null);
  const trackRef = useRef<HTMLDivElement>(null);

  const bars = useMemo(
    () => (range === null || histogram === null ? [] : histogramBars(range, histogram)),
    [range, histogram],
  );
  const placed = useMemo(() => (range === null ? [] : placeMarkers(range, markers)), [range, markers]);
  const ticks = useMemo(() => (range === null ? [] : timeTicks(range, 8)), [range]);
  if (range === null) return null;

  const cursorMs = dragMs ?? atMs ?? range.startMs;
  const pointerTime = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return timeAtPointer(range, event.clientX, box.left, box.width);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    setDragMs(pointerTime(event));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragMs !== null) setDragMs(pointerTime(event));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (dragMs === null) return;
    const target = pointerTime(event);
    setDragMs(null);
    onSeek(target);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = timeForKey(range, cursorMs, event.key, event.shiftKey);
    if (next === null) return;
    event.preventDefault();
    onSeek(next);
  };

  return (
    <div className="replay-timeline">
      <div className="replay-timeline__markers">
        {placed.map((m) => (
          <button
            key={m.id}
            type="button"
            className="replay-timeline__marker"
            data-testid="replay-marker"
            data-incident={m.incidentId}
            style={{
              insetInlineStart: `${m.x * 100}%`,
              background: cssColor(severityColor(m.severity ?? 'moderate')),
            }}
            title={t('replay.marker', {
              title: m.title ?? m.incidentId,
              change: m.change,
              time: formatInstant(locale, m.atMs),
            })}
            aria-label={t('replay.marker', {
              title: m.title ?? m.incidentId,
              change: m.change,
              time: formatInstant(locale, m.atMs),
            })}
            onClick={() => onSeek(m.atMs)}
          />
        ))}
      </div>
      <div
        ref={trackRef}
        className="replay-timeline__track"
        data-testid="replay-timeline"
        role="slider"
        tabIndex={0}
        aria-label={t('replay.timeline')}
        aria-description={t('replay.timelineHelp')}
        aria-valuemin={range.startMs}
        aria-valuemax={range.endMs}
        aria-valuenow={cursorMs}
        aria-valuetext={formatInstant(locale, cursorMs)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDragMs(null)}
        onKeyDown={onKeyDown}
      >
        <svg
          className="replay-timeline__histogram"
          viewBox="0 0 1000 100"
          preserveAspectRatio="none"
          role="img"
          aria-label={t('replay.histogram')}
        >
          {bars.map((bar) => (
            <rect
              key={bar.startMs}
              x={bar.x * 1000}
              width={Math.max(0.5, bar.width * 1000 - 0.5)}
              y={100 - bar.height * 100}
              height={bar.height * 100}
            >
              <title>{`${formatInstant(locale, bar.startMs)} · ${bar.count}`}</title>
            </rect>
          ))}
        </svg>
        <div
          className="replay-timeline__cursor"
          data-dragging={dragMs !== null}
          style={{ insetInlineStart: `${fractionOf(range, cursorMs) * 100}%` }}
        />
      </div>
      <div className="replay-timeline__ticks" aria-hidden="true">
        {ticks.map((tick) => (
          <span key={tick} style={{ insetInlineStart: `${fractionOf(range, tick) * 100}%` }}>
            {formatInstant(locale, tick, false)}
          </span>
        ))}
      </div>
    </div>
  );
}
