// The page's view of the offline store: connection state, what waits in the outbox, the offline
// areas, and the actions (sync now, take an area offline). One store and one sync runner per page,
// started on first use; the runner also syncs by itself when the connection comes back.
import { useCallback, useEffect, useState } from 'react';
import { fetchPackage, type OfflinePackage, type Progress, takeAreaOffline } from './area.ts';
import { type OfflineArea, type OfflineDb, type OutboxEntry, openOfflineDb } from './db.ts';
import { outboxEntries } from './outbox.ts';
import { type SyncReport, SyncRunner } from './sync.ts';

let shared: Promise<{ db: OfflineDb; runner: SyncRunner }> | null = null;

/** The page's store and runner (opened once). */
export function offlineStore(): Promise<{ db: OfflineDb; runner: SyncRunner }> {
  shared ??= openOfflineDb().then((db) => {
    const runner = new SyncRunner(db);
    runner.start();
    if (navigator.onLine) void runner.run();
    return { db, runner };
  });
  return shared;
}

export interface OfflineState {
  online: boolean;
  entries: OutboxEntry[];
  pending: number;
  areas: OfflineArea[];
  syncing: boolean;
  lastReport: SyncReport | null;
}

export function useOffline() {
  const [state, setState] = useState<OfflineState>({
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    entries: [],
    pending: 0,
    areas: [],
    syncing: false,
    lastReport: null,
  });

  const refresh = useCallback(async () => {
    const { db, runner } = await offlineStore();
    const entries = await outboxEntries(db);
    const areas = await db.getAll('areas');
    setState((s) => ({
      ...s,
      online: navigator.onLine,
      entries,
      pending: entries.filter((e) => e.state === 'pending' || e.state === 'syncing').length,
      areas,
      lastReport: runner.lastReport,
    }));
  }, []);

  useEffect(() => {
    let stop = () => {};
    void offlineStore().then(({ runner }) => {
      const onChange = () => void refresh();
      runner.addEventListener('change', onChange);
      window.addEventListener('online', onChange);
      window.addEventListener('offline', onChange);
      window.addEventListener('civic-outbox', onChange);
      stop = () => {
        runner.removeEventListener('change', onChange);
        window.removeEventListener('online', onChange);
        window.removeEventListener('offline', onChange);
        window.removeEventListener('civic-outbox', onChange);
      };
      void refresh();
    });
    return () => stop();
  }, [refresh]);

  const syncNow = useCallback(async () => {
    const { runner } = await offlineStore();
    setState((s) => ({ ...s, syncing: true }));
    try {
      return await runner.run();
    } finally {
      setState((s) => ({ ...s, syncing: false }));
      await refresh();
    }
  }, [refresh]);

  const estimate = useCallback(
    (kind: OfflineArea['kind'], key: string): Promise<OfflinePackage> =>
      fetchPackage((path, init) => fetch(path, init), kind, key),
    [],
  );

  const takeOffline = useCallback(
    async (pack: OfflinePackage, onProgress: (p: Progress) => void, signal?: AbortSignal) => {
      const { db } = await offlineStore();
      const area = await takeAreaOffline(db, (path, init) => fetch(path, init), pack, { onProgress, signal });
      await refresh();
      return area;
    },
    [refresh],
  );

  return { ...state, refresh, syncNow, estimate, takeOffline };
}

/** Tells every useOffline() on the page that the outbox changed (after queueing an edit). */
export const announceOutboxChange = () => window.dispatchEvent(new Event('civic-outbox'));
