// What waits on this device: each queued edit with its state (待同步, 有冲突, 被拒绝 with the
// server's reason next to it), and "sync now".
import { problemText } from '../api/errors.ts';
import { fieldLabel } from '../features/boundaries/text.ts';
import { useI18n } from '../i18n/index.tsx';
import { useOffline } from '../offline/useOffline.ts';
import { PanelHead } from './PanelHead.tsx';
import { formatClock } from './time.ts';

export function OutboxPanel({ onClose, onConflicts }: { onClose: () => void; onConflicts: () => void }) {
  const { t, language } = useI18n();
  const offline = useOffline();
  return (
    <section className="fk-panel" data-testid="outbox-panel">
      <PanelHead onClose={onClose}>
        {offline.pending ? t('field.pending', { n: offline.pending }) : t('field.allSynced')}
      </PanelHead>
      <div className="fk-row">
        <button
          type="button"
          className="fk-button"
          data-testid="sync-now"
          disabled={!offline.online || offline.syncing}
          onClick={() => void offline.syncNow()}
        >
          {offline.syncing ? t('field.syncing') : t('field.syncNow')}
        </button>
        <span className="fk-muted">{offline.online ? t('field.online') : t('field.offline')}</span>
      </div>
      <ul className="ba-list">
        {offline.entries.map((entry) => (
          <li key={entry.seq} className="fk-item" data-testid="outbox-entry" data-state={entry.state}>
            <div className="fk-item-head">
              <span>{entry.label}</span>
              <span className={`fk-state is-${entry.state}`}>{t(`field.state_${entry.state}`)}</span>
            </div>
            <div className="fk-muted">
              {Object.keys(entry.changes)
                .map((f) => fieldLabel(f, language))
                .join('、')}{' '}
              · {formatClock(entry.editedAt)}
            </div>
            {entry.state === 'conflict' && (
              <button type="button" className="fk-link" onClick={onConflicts}>
                {t('field.conflictReview')}
              </button>
            )}
            {entry.error && (
              <p className="fk-error" role="alert">
                {entry.error.details?.length
                  ? entry.error.details
                      .map(
                        (d) =>
                          `${fieldLabel(String(d.field ?? '').replace(/^.*changes\./, ''), language)}：${problemText(d, language)}`,
                      )
                      .join('；')
                  : entry.error.message}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
