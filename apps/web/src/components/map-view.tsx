'use client';
import dynamic from 'next/dynamic';
import { useI18n } from '../i18n/i18n-context';

function MapLoading() {
  const { t } = useI18n();
  return <div className="live-map live-map--loading">{t('map.loading')}</div>;
}

// MapLibre and deck.gl need a browser: loaded on the client only, in their own chunk.
const LiveMap = dynamic(() => import('../map/live-map'), { ssr: false, loading: () => <MapLoading /> });

export function MapView() {
  return <LiveMap />;
}
