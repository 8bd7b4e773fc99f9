'use client';
// The phone's network state and position, as React state.
import { useEffect, useState } from 'react';

export function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(window.navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export interface DevicePosition {
  readonly lon: number;
  readonly lat: number;
  readonly accuracy: number;
}

/** The latest position from navigator.geolocation (null until one arrives, or when it is refused). */
export function useGeolocation(): DevicePosition | null {
  const [position, setPosition] = useState<DevicePosition | null>(null);
  useEffect(() => {
    const geolocation = window.navigator.geolocation as Geolocation | undefined;
    if (geolocation === undefined) return;
    const id = geolocation.watchPosition(
      (p) => setPosition({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      (error) => console.warn('vigie: position unavailable', error.message),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => geolocation.clearWatch(id);
  }, []);
  return position;
}
