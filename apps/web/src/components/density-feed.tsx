'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTRPC } from '../api/trpc';
import { densityLoaded, mapUiStore, updateMapUi } from '../map/map-ui';

const REFRESH_MS = 15_000;
const SINCE_MINUTES = 60;

/** Report density of the last hour in the settled viewport, refreshed every 15 s, handed to the map. */
export function DensityFeed() {
  const trpc = useTRPC();
  const viewport = useStore(mapUiStore, (s) => s.viewport);
  const enabled = useStore(mapUiStore, (s) => s.layers.reports);
  const query = useQuery({
    ...trpc.reports.density.queryOptions(
      { bbox: viewport?.bbox ?? [-180, -90, 180, 90], sinceMinutes: SINCE_MINUTES },
      {
        enabled: enabled && viewport !== null,
        refetchInterval: REFRESH_MS,
        placeholderData: (previous) => previous,
      },
    ),
  });
  useEffect(() => {
    if (query.data !== undefined)
      updateMapUi(
        densityLoaded,
        query.data.map((d) => ({ cell: d.cell, count: d.count })),
      );
  }, [query.data]);
  return null;
}
