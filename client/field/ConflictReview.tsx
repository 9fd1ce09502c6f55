// Conflicts from sync, field by field: what the server has now (theirs) against what was entered
// in the field (mine); the person chooses per field and the choice is saved with If-Match.
import { useCallback, useEffect, useState } from 'react';
import type { ConflictField } from '../../server/contract/field-kit.ts';
import { FIELD_COMPANIONS } from '../../server/contract/field-kit.ts';
import { request } from '../api/client.ts';
import { fieldLabel, valueLabel } from '../features/boundaries/text.ts';
import { useI18n } from '../i18n/index.tsx';
import { announceOutboxChange, offlineStore, useOffline } from '../offline/useOffline.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { PanelHead } from './PanelHead.tsx';
import { formatClock } from './time.ts';

interface OpenConflict {
  id: number;
  kind: string;
  recordId: number;
  currentVersion: number;
  fields: ConflictField[];
  editedAt: string;
  record: Record<string, unknown>;
}

function recordLabel(c: OpenConflict): string {
  const r = c.record;
  if (c.kind === 'boundary-markers') return `界桩 ${String(r.number ?? c.recordId)}`;
  return String(r.name ?? r.title ?? `${c.kind} ${c.recordId}`);
}

export function ConflictReview({ onClose }: { onClose: () => void }) {
  const { t, language } = useI18n();
  const offline = useOffline();
  const [items, setItems] = useState<OpenConflict[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [choices, setChoices] = useState<Record<number, Record<string, 'theirs' | 'mine'>>>({});
  const load = useCallback(() => {
    request<{ items: OpenConflict[] }>('/api/sync/conflicts').then(
      (r) => setItems(r.items),
      (e) => setError(e),
    );
  }, []);
  useEffect(load, [load]);

  const apply = async (c: OpenConflict) => {
    setError(undefined);
    try {
      await request(`/api/sync/conflicts/${c.id}/resolve`, {
        method: 'POST',
        body: { choices: choices[c.id] ?? {} },
        ifMatch: c.currentVersion,
      });
      const { db } = await offlineStore();
      for (const entry of await db.getAll('outbox'))
        if (entry.conflict?.id === c.id && entry.seq !== undefined) await db.delete('outbox', entry.seq);
      await offline.refresh();
      announceOutboxChange();
      load();
    } catch (e) {
      setError(e);
      load();
    }
  };

  return (
    <section className="fk-panel" data-testid="conflict-review">
      <PanelHead onClose={onClose}>{t('field.conflictReview')}</PanelHead>
      {error !== undefined && <ErrorMessage error={error} />}
      <ul className="ba-list">
        {(items ?? []).map((c) => {
          const leaders = c.fields.filter((f) => !(f.field in FIELD_COMPANIONS));
          const chosen = choices[c.id] ?? {};
          return (
            <li key={c.id} className="fk-item" data-testid="conflict" data-record={c.recordId}>
              <div className="fk-item-head">
                <span>{recordLabel(c)}</span>
                <span className="fk-muted">{formatClock(c.editedAt)}</span>
              </div>
              {leaders.map((f) => (
                <fieldset key={f.field} className="fk-field" data-field={f.field}>
                  <legend>{fieldLabel(f.field, language)}</legend>
                  {(['theirs', 'mine'] as const).map((side) => (
                    <label key={side} className={`fk-choice ${chosen[f.field] === side ? 'is-chosen' : ''}`}>
                      <input
                        type="radio"
                        name={`conflict-${c.id}-${f.field}`}
                        value={side}
                        checked={chosen[f.field] === side}
                        onChange={() =>
                          setChoices((all) => ({ ...all, [c.id]: { ...chosen, [f.field]: side } }))
                        }
                      />
                      <span>
                        <strong>{t(side === 'theirs' ? 'field.theirs' : 'field.mine')}</strong>
                        <br />
                        <span data-testid={`conflict-${side}`}>{valueLabel(f[side], language)}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              ))}
              <button
                type="button"
                className="fk-button"
                data-testid="apply-choice"
                disabled={leaders.some((f) => !chosen[f.field])}
                onClick={() => void apply(c)}
              >
                {t('field.applyChoice')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
