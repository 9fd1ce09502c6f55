// "Take this area offline": the selected line, a town or the district; the size first (measured by
// the server), then the download with progress; whether the browser promised to keep it.
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { OfflinePackage, Progress } from '../offline/area.ts';
import type { OfflineArea } from '../offline/db.ts';
import { useOffline } from '../offline/useOffline.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { PanelHead } from './PanelHead.tsx';

export interface AreaChoice {
  kind: OfflineArea['kind'];
  key: string;
  name: string;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function OfflineAreaPanel({ choices, onClose }: { choices: AreaChoice[]; onClose: () => void }) {
  const { t } = useI18n();
  const offline = useOffline();
  const [chosen, setChosen] = useState<AreaChoice | null>(choices[0] ?? null);
  const [pack, setPack] = useState<OfflinePackage | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<OfflineArea | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const estimate = async (choice: AreaChoice) => {
    setChosen(choice);
    setPack(null);
    setDone(null);
    setError(undefined);
    try {
      setPack(await offline.estimate(choice.kind, choice.key));
    } catch (e) {
      setError(e);
    }
  };

  const download = async () => {
    if (!pack) return;
    setError(undefined);
    try {
      setDone(await offline.takeOffline(pack, setProgress));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="fk-panel" data-testid="offline-area-panel">
      <PanelHead onClose={onClose}>{t('field.offlineAreas')}</PanelHead>
      <div className="fk-row">
        {choices.map((c) => (
          <button
            key={`${c.kind}:${c.key}`}
            type="button"
            className={`fk-button ${chosen?.kind === c.kind && chosen.key === c.key ? 'is-active' : ''}`}
            data-testid={`offline-choice-${c.kind}`}
            onClick={() => void estimate(c)}
          >
            {c.name}
          </button>
        ))}
      </div>
      {pack && (
        <p data-testid="offline-estimate">
          {pack.area.name} · {t('field.sizeEstimate', { size: formatBytes(pack.estimate.bytes) })}
        </p>
      )}
      {pack && !done && (
        <button
          type="button"
          className="fk-button"
          data-testid="offline-download"
          disabled={progress !== null && progress.done < progress.total}
          onClick={() => void download()}
        >
          {t('field.takeOffline')}
        </button>
      )}
      {progress && (
        <div>
          <progress className="fk-progress" max={progress.total} value={progress.done} />
          <span className="fk-muted">
            {t('field.downloading', { done: progress.done, total: progress.total })}
          </span>
        </div>
      )}
      {done && (
        <p data-testid="offline-done">
          {t('field.savedOffline', { name: done.name, size: formatBytes(done.bytes) })}
          <br />
          <span className="fk-muted" data-testid="offline-persisted" data-persisted={String(done.persisted)}>
            {done.persisted ? t('field.persisted') : t('field.notPersisted')}
          </span>
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <ul className="ba-list">
        {offline.areas.map((a) => (
          <li key={a.id} className="fk-item">
            {a.name} · {formatBytes(a.bytes)} · {a.savedAt.slice(0, 10)}
          </li>
        ))}
      </ul>
    </section>
  );
}
