// Every version of a record, newest first: who, when, why, and a readable list of what changed;
// "恢复到此版本" makes a new version equal to that one.
import { useState } from 'react';
import { useApi } from '../../app/useApi.ts';
import { formatDistance } from '../../i18n/format.ts';
import { translate, useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type BoundaryRecord, boundaryApi, type Change, ConflictError, type Kind } from './boundaryApi.ts';
import { ReasonDialog } from './ReasonDialog.tsx';
import { fieldLabel, valueLabel } from './text.ts';

function describe(change: Change, language: 'zh' | 'en'): string {
  if (change.field === 'geometry' && change.movedM !== undefined) {
    return translate(language, 'boundaries.locationMoved', { distance: formatDistance(change.movedM) });
  }
  if (change.field === 'geometry') return translate(language, 'boundaries.locationGeometryChanged');
  if (change.field === 'deletedAt') {
    return change.after
      ? translate(language, 'boundaries.recordDeleted')
      : translate(language, 'boundaries.recordUndeleted');
  }
  return `${fieldLabel(change.field, language)}：${valueLabel(change.before, language)} → ${valueLabel(change.after, language)}`;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Props {
  kind: Kind;
  id: number;
  /** Bumped by the parent after each save so the list reloads. */
  revision: number;
  canRestore: boolean;
  onRestored: (record: BoundaryRecord) => void;
}

export function HistoryPanel({ kind, id, revision, canRestore, onRestored }: Props) {
  const { language, t } = useI18n();
  const history = useApi(
    (signal) => (signal.aborted ? Promise.reject() : boundaryApi.history(kind, id)),
    [kind, id, revision],
  );
  const [restoring, setRestoring] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const items = history.data?.items ?? [];
  return (
    <section className="ba-history" data-testid="history-panel">
      {history.error !== undefined && <ErrorMessage error={history.error} onRetry={history.retry} />}
      {error !== undefined && <ErrorMessage error={error} />}
      {history.loading && !history.data && <p className="ba-muted">{t('boundaries.loading')}</p>}
      <ol className="ba-versions">
        {items.map((entry) => (
          <li key={entry.version} className="ba-version" data-version={entry.version}>
            <div className="ba-version-head">
              <strong>
                {t('boundaries.v', { version: entry.version })} · {valueLabel(entry.action, language)}
              </strong>
              <span className="ba-muted">
                {entry.userName} · {formatTime(entry.at)}
              </span>
            </div>
            {entry.reason && (
              <p className="ba-reason">
                {t('boundaries.why')}
                {entry.reason}
              </p>
            )}
            {entry.action !== 'create' && (
              <ul className="ba-changes">
                {entry.changes.map((c) => (
                  <li key={c.field}>{describe(c, language)}</li>
                ))}
              </ul>
            )}
            {canRestore && entry.version !== history.data?.currentVersion && (
              <button
                type="button"
                className="ba-button ba-small"
                onClick={() => setRestoring(entry.version)}
              >
                {t('boundaries.restoreThisVersion')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {restoring !== null && (
        <ReasonDialog
          title={t('boundaries.restoreVersion', { restoring })}
          message={t('boundaries.aNewVersionEqual')}
          defaultReason=""
          reasonRequired={false}
          onCancel={() => setRestoring(null)}
          onConfirm={(reason) => {
            const version = restoring;
            const seen = history.data?.currentVersion ?? version;
            setRestoring(null);
            boundaryApi.restore(kind, id, version, seen, reason || undefined).then(
              (record) => {
                setError(undefined);
                onRestored(record);
              },
              (failure: unknown) => {
                // Someone saved a newer version meanwhile: show it, and say so.
                if (failure instanceof ConflictError) {
                  history.retry();
                  setError(
                    new Error(t('boundaries.someoneElseChangedThis', { version: failure.current.version })),
                  );
                } else setError(failure);
              },
            );
          }}
        />
      )}
    </section>
  );
}
