// Every version of a record, newest first: who, when, why, and a readable list of what changed;
// "恢复到此版本" makes a new version equal to that one.
import { useState } from 'react';
import { useApi } from '../../app/useApi.ts';
import { formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type BoundaryRecord, boundaryApi, type Change, ConflictError, type Kind } from './boundaryApi.ts';
import { ReasonDialog } from './ReasonDialog.tsx';
import { fieldLabel, pick, valueLabel } from './text.ts';

function describe(change: Change, language: 'zh' | 'en'): string {
  if (change.field === 'geometry' && change.movedM !== undefined) {
    return pick(language, [
      `位置：移动了 ${formatDistance(change.movedM)}`,
      `Location: moved ${formatDistance(change.movedM)}`,
    ]);
  }
  if (change.field === 'geometry')
    return pick(language, ['位置：几何图形已修改', 'Location: geometry changed']);
  if (change.field === 'deletedAt') {
    return change.after
      ? pick(language, ['记录已删除', 'Record deleted'])
      : pick(language, ['记录已恢复', 'Record undeleted']);
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
  const { language } = useI18n();
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
      {history.loading && !history.data && (
        <p className="ba-muted">{pick(language, ['加载中…', 'Loading…'])}</p>
      )}
      <ol className="ba-versions">
        {items.map((entry) => (
          <li key={entry.version} className="ba-version" data-version={entry.version}>
            <div className="ba-version-head">
              <strong>
                {pick(language, [`第 ${entry.version} 版`, `v${entry.version}`])} ·{' '}
                {valueLabel(entry.action, language)}
              </strong>
              <span className="ba-muted">
                {entry.userName} · {formatTime(entry.at)}
              </span>
            </div>
            {entry.reason && (
              <p className="ba-reason">
                {pick(language, ['理由：', 'Why: '])}
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
                {pick(language, ['恢复到此版本', 'Restore this version'])}
              </button>
            )}
          </li>
        ))}
      </ol>
      {restoring !== null && (
        <ReasonDialog
          title={pick(language, [`恢复到第 ${restoring} 版？`, `Restore version ${restoring}?`])}
          message={pick(language, [
            '将生成一个与该版本相同的新版本，现有版本都会保留。',
            'A new version equal to that one is made; every version is kept.',
          ])}
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
                    new Error(
                      pick(language, [
                        `记录已被他人修改（现为第 ${failure.current.version} 版），请查看后再恢复。`,
                        `Someone else changed this record (now v${failure.current.version}); review it and restore again.`,
                      ]),
                    ),
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
