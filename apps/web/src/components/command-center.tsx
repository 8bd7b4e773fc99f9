'use client';
// The command center: header, live map with its controls, and the selected entity's panel. Redirects to
// /login when there is no session.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { useI18n } from '../i18n/i18n-context';
import { liveView } from '../live/live-view';
import { mapUiStore } from '../map/map-ui';
import { AppHeader } from './app-header';
import { DensityFeed } from './density-feed';
import { EntityPanel } from './entity-panel';
import { LiveFeedRunner } from './live-feed-runner';
import { MapControls } from './map-controls';
import { MapView } from './map-view';
import { AlertToasts } from './alert-toasts';
import { IncidentPanel } from './incident-panel';
import { IncidentQueuePanel } from './incident-queue-panel';
import { homePathFor } from '../field/home-path';
import { dispatchFlowStore } from '../incidents/incident-ui';
import './incidents.css';

export function CommandCenter() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  const selectedId = useStore(mapUiStore, (s) => s.selectedId);
  const openIncidentId = useStore(dispatchFlowStore, (s) => s.incidentId);

  const queryClient = useQueryClient();

  useEffect(() => {
    if (session.data === null) router.replace('/login');
    else if (session.data !== undefined && homePathFor(session.data.role) !== '/') router.replace('/field');
  }, [session.data, router]);

  // The gateway refuses the socket when the session ended: ask again who we are (a 401 leads to /login).
  useEffect(
    () =>
      liveView.subscribe((s, previous) => {
        if (s.connection.socketFailed && !previous.connection.socketFailed) {
          void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
        }
      }),
    [queryClient],
  );

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
    <div className="command-center" data-panel={selectedId !== null || openIncidentId !== null}>
      <AppHeader user={session.data} />
      <LiveFeedRunner />
      <DensityFeed />
      <main className="command-center__body">
        <IncidentQueuePanel />
        <div className="command-center__map">
          <MapView />
          <MapControls />
          <AlertToasts />
        </div>
        {openIncidentId !== null ? (
          <div className="command-center__panel">
            <IncidentPanel key={openIncidentId} incidentId={openIncidentId} />
          </div>
        ) : (
          selectedId !== null && (
            <div className="command-center__panel" data-testid="entity-panel">
              <EntityPanel key={selectedId} id={selectedId} />
            </div>
          )
        )}
      </main>
    </div>
  );
}
