'use client';
import { ConnectionIndicator } from '@vigie/ui/connection-indicator';
import { useStore } from 'zustand';
import { useI18n } from '../i18n/i18n-context';
import { liveView, viewConnectionStatus } from '../live/live-view';

/** Live / reconnecting / offline, from the socket and the browser's online flag. */
export function ConnectionStatus() {
  const { t } = useI18n();
  const status = useStore(liveView, viewConnectionStatus);
  return (
    <ConnectionIndicator
      tone={status}
      label={t(`connection.${status}`)}
      title={t(`connection.${status}.title`)}
    />
  );
}
