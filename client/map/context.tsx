// How React components reach the map: the shell provides its MapController once the map exists;
// a feature reads it with useMapController() or puts its own drawing on the map with
// useMapOverlay(). Nothing polls for the map and nothing lives on `window` (after placemark's
// MapContext).
import { createContext, type DependencyList, useContext, useEffect, useState } from 'react';
import type { MapController, MapOverlay } from './MapController.ts';

export const MapControllerContext = createContext<MapController | null>(null);

/** The shell's map controller; null until the map exists (and after it is gone). */
export function useMapController(): MapController | null {
  return useContext(MapControllerContext);
}

/**
 * Creates an overlay with `create()` and registers it with the map controller for as long as the
 * component is mounted (and `deps` stay the same). Returns it once it is installed, null before.
 * `create` may read the latest props through refs: it runs again only when `deps` change.
 */
export function useMapOverlay<T extends MapOverlay>(create: () => T, deps: DependencyList = []): T | null {
  const controller = useMapController();
  const [overlay, setOverlay] = useState<T | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers list what the overlay depends on.
  useEffect(() => {
    if (!controller) return;
    const created = create();
    const remove = controller.addOverlay(created, () => setOverlay(created));
    return () => {
      remove();
      setOverlay(null);
    };
  }, [controller, ...deps]);
  return overlay;
}
