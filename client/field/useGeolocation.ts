// The device's position while the locate button is on: watchPosition with high accuracy, the last
// fix with its accuracy (metres), and why there is none (denied, unavailable).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LngLat } from './geo.ts';

export interface Fix {
  lngLat: LngLat;
  accuracyM: number;
  at: number;
}

export type LocateError = 'denied' | 'unavailable' | null;

export function useGeolocation() {
  const [active, setActive] = useState(false);
  const [fix, setFix] = useState<Fix | null>(null);
  const [error, setError] = useState<LocateError>(null);
  const watch = useRef<number | null>(null);

  useEffect(() => {
    if (!active) return;
    if (!('geolocation' in navigator)) {
      setError('unavailable');
      return;
    }
    watch.current = navigator.geolocation.watchPosition(
      (p) => {
        setError(null);
        setFix({
          lngLat: [p.coords.longitude, p.coords.latitude],
          accuracyM: p.coords.accuracy,
          at: p.timestamp,
        });
      },
      (e) => setError(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
    return () => {
      if (watch.current !== null) navigator.geolocation.clearWatch(watch.current);
      watch.current = null;
    };
  }, [active]);

  const start = useCallback(() => setActive(true), []);
  const stop = useCallback(() => {
    setActive(false);
    setFix(null);
  }, []);
  return { active, fix, error, start, stop };
}

/** One fix now (for "use my position"), or the reason there is none. */
export function currentFix(): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lngLat: [p.coords.longitude, p.coords.latitude],
          accuracyM: p.coords.accuracy,
          at: p.timestamp,
        }),
      (e) => reject(new Error(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable')),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
  });
}
