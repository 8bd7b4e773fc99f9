'use client';
// The search page: full-text search over reports and alerts, limited to a time range and an area (the
// visible map, a box drawn on it, or anywhere); results listed and on the map; exports of the same range
// and area.
import { useQuery } from '@tanstack/react-query';
import { EXPORT_MAX_RANGE_HOURS } from '@vigie/contracts/export-api';
import { ZExportFormat } from '@vigie/contracts/export-api';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { AppHeader } from '../components/app-header';
import { useI18n } from '../i18n/i18n-context';
import { fromLocalInput, replayHref, toLocalInput } from '../replay/replay-range';
import { SearchError, runSearch } from './search-client';
import {
  boxCleared,
  drawingStarted,
  exportHref,
  formChanged,
  hitSelected,
  kindToggled,
  nextPageInput,
  resultsReceived,
  searchInput,
  searchStore,
  updateSearch,
} from './search-state';
import type { SearchArea } from './search-state';
import type { TSearchQueryInput } from '@vigie/contracts/search-api';
import { snippetParts } from './snippet-parts';

function MapLoading() {
  const { t } = useI18n();
  return <div className="live-map live-map--loading">{t('map.loading')}</div>;
}

const SearchMapElement = dynamic(() => import('./search-map'), { ssr: false, loading: () => <MapLoading /> });

const AREAS: readonly SearchArea[] = ['viewport', 'box', 'anywhere'];
const HOUR = 3_600_000;

function SearchPanel() {
  const { t, locale } = useI18n();
  const state = useStore(searchStore);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // A first range: the last 24 hours.
    if (searchStore.getState().fromMs === null && searchStore.getState().toMs === null) {
      const now = Math.ceil(Date.now() / 60_000) * 60_000;
      updateSearch(formChanged, { fromMs: now - 24 * HOUR, toMs: now });
    }
  }, []);

  const run = async (input: TSearchQueryInput) => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await runSearch(input);
      updateSearch(resultsReceived, { input, result });
    } catch (error) {
      setProblem(t('search.error', { code: error instanceof SearchError ? error.code : 'INTERNAL' }));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = searchInput(searchStore.getState());
    if (!built.ok) {
      setProblem(built.error === 'range' ? t('search.invalidRange') : null);
      return;
    }
    void run(built.input);
  };
  const more = nextPageInput(state);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <aside className="search-panel">
      <form className="search-form" onSubmit={submit} role="search">
        <label className="field">
          <span className="field__label">{t('search.query')}</span>
          <input
            className="field__input"
            name="q"
            type="search"
            data-testid="search-query"
            value={state.q}
            maxLength={200}
            onChange={(e) => updateSearch(formChanged, { q: e.target.value })}
          />
          <span className="muted search-form__hint">{t('search.queryHint')}</span>
        </label>
        <div className="search-form__row">
          <label className="field">
            <span className="field__label">{t('search.from')}</span>
            <input
              className="field__input"
              type="datetime-local"
              value={state.fromMs === null ? '' : toLocalInput(state.fromMs)}
              onChange={(e) => updateSearch(formChanged, { fromMs: fromLocalInput(e.target.value) })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('search.to')}</span>
            <input
              className="field__input"
              type="datetime-local"
              value={state.toMs === null ? '' : toLocalInput(state.toMs)}
              onChange={(e) => updateSearch(formChanged, { toMs: fromLocalInput(e.target.value) })}
            />
          </label>
        </div>
        <fieldset className="search-form__group">
          <legend className="field__label">{t('search.kinds')}</legend>
          {(['report', 'alert'] as const).map((kind) => (
            <label key={kind} className="search-form__check">
              <input
                type="checkbox"
                checked={state.kinds.includes(kind)}
                onChange={() => updateSearch(kindToggled, kind)}
              />
              {t(`search.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="search-form__group">
          <legend className="field__label">{t('search.area')}</legend>
          {AREAS.map((area) => (
            <label key={area} className="search-form__check">
              <input
                type="radio"
                name="area"
                value={area}
                checked={state.area === area}
                disabled={area === 'box' && state.box === null}
                onChange={() => updateSearch(formChanged, { area })}
              />
              {t(`search.area.${area}`)}
            </label>
          ))}
          <div className="search-form__row">
            <button
              type="button"
              className="button button--ghost"
              aria-pressed={state.drawing}
              data-testid="search-draw-box"
              onClick={() => updateSearch(drawingStarted, undefined)}
            >
              {t('search.drawBox')}
            </button>
            {state.box !== null && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => updateSearch(boxCleared, undefined)}
              >
                {t('search.clearBox')}
              </button>
            )}
          </div>
          {state.drawing && <p className="muted">{t('search.drawing')}</p>}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="search-submit">
          {busy ? t('search.searching') : t('search.submit')}
        </button>
      </form>

      <section className="panel-section">
        <h2 className="panel-section__title">{t('search.export')}</h2>
        <div className="search-exports">
          {ZExportFormat.options.map((format) => {
            const href = exportHref(state, format);
            return href === null ? (
              <span key={format} className="button button--ghost" aria-disabled="true">
                {t(`search.export.${format}`)}
              </span>
            ) : (
              <a
                key={format}
                className="button button--ghost"
                href={href}
                download
                data-testid={`export-${format}`}
              >
                {t(`search.export.${format}`)}
              </a>
            );
          })}
        </div>
        <p className="muted">
          {exportHref(state, 'csv') === null
            ? t('search.exportNeedsRange')
            : t('search.exportHint', { hours: EXPORT_MAX_RANGE_HOURS })}
        </p>
      </section>

      <section className="panel-section" aria-live="polite">
        {problem !== null && <p className="error-text">{problem}</p>}
        {state.lastInput !== null && (
          <h2 className="panel-section__title">
            {state.hits.length === 0
              ? t('search.noResults')
              : state.hits.length === 1
                ? t('search.resultOne')
                : t('search.results', { count: state.hits.length })}
          </h2>
        )}
        <ol className="search-results" data-testid="search-results">
          {state.hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`} data-selected={hit.id === state.selectedId}>
              <button
                type="button"
                className="search-result"
                onClick={() => updateSearch(hitSelected, hit.id)}
              >
                <span className="search-result__meta">
                  <span className={`search-result__kind search-result__kind--${hit.kind}`}>
                    {t(`search.kind.${hit.kind}`)}
                  </span>
                  <span className="muted">{format.format(Date.parse(hit.at))}</span>
                </span>
                <strong className="search-result__title">{hit.title}</strong>
                <span className="search-result__snippet">
                  {snippetParts(hit.snippet, hit.highlights).map((part, i) =>
                    part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
                </span>
              </button>
              <a
                className="search-result__replay"
                href={replayHref(
                  { startMs: Date.parse(hit.at) - HOUR, endMs: Date.parse(hit.at) + HOUR },
                  Date.parse(hit.at),
                )}
              >
                {t('nav.replay')}
              </a>
            </li>
          ))}
        </ol>
        {more !== null && (
          <button type="button" className="button" disabled={busy} onClick={() => void run(more)}>
            {t('search.more')}
          </button>
        )}
      </section>
    </aside>
  );
}

export function SearchScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  useEffect(() => {
    if (session.data === null) router.replace('/login');
  }, [session.data, router]);
  if (session.isError) {
    return (
      <main className="center-screen">
        <p className="error-text">{t('login.error.network')}</p>
        <button type="button" className="button" onClick={() => void session.refetch()}>
          ↻
        </button>
      </main>
    );
  }
  if (session.data === undefined || session.data === null) {
    return <main className="center-screen muted">{t('map.loading')}</main>;
  }
  return (
    <div className="search-screen">
      <AppHeader user={session.data} live={false} />
      <main className="search-screen__body">
        <SearchPanel />
        <div className="search-screen__map">
          <SearchMapElement />
        </div>
      </main>
    </div>
  );
}
