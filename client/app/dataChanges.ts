// "The data of a layer changed": a save in one panel (a facility added, a name published) tells the
// panels that show that layer (coverage, the map's tiles) to read it again.
import { useEffect, useState } from 'react';

export type ChangedLayer = 'facilities' | 'place-names' | 'villages';

const listeners = new Set<(layer: ChangedLayer) => void>();

export function notifyDataChanged(layer: ChangedLayer): void {
  for (const listener of listeners) listener(layer);
}

/** A number that goes up whenever `layer` changes: put it in an effect's dependencies. */
export function useDataVersion(layer: ChangedLayer): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const listener = (changed: ChangedLayer) => {
      if (changed === layer) setVersion((n) => n + 1);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [layer]);
  return version;
}
