// Shown when the server answers 412: someone saved this record after you loaded it. Lists, field
// by field, their value against yours, and lets the user choose — never silently overwrites.
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { fieldLabel, valueLabel } from './text.ts';
import type { RecordDraft } from './useRecordDraft.ts';

/** The form's pending 412, if any; `reason` is the one the form holds (used when keeping mine). */
export function ConflictDialog({ record, reason }: { record: RecordDraft; reason: string }) {
  const { language, t } = useI18n();
  if (!record.conflict) return null;
  const { theirs, mine } = record.conflict;
  const onUseTheirs = () => record.resolveConflict('theirs');
  const onMerge = () => record.resolveConflict('merge');
  const onKeepMine = () => record.resolveConflict('mine', reason.trim() || t('boundaries.keptMineAfterA'));
  const fields = Object.keys(mine).filter((f) => f !== 'reason');
  return (
    <Dialog
      id="conflict"
      title={t('boundaries.someoneElseChangedThis2')}
      className="ba-conflict"
      alert
      stackActions
      actions={
        <>
          <button type="button" className="ba-button" onClick={onUseTheirs} data-testid="conflict-use-theirs">
            {t('boundaries.discardMineUseTheirs')}
          </button>
          <button type="button" className="ba-button" onClick={onMerge} data-testid="conflict-merge">
            {t('boundaries.editOnTopOf')}
          </button>
          <button
            type="button"
            className="ba-button ba-primary"
            onClick={onKeepMine}
            data-testid="conflict-keep-mine"
          >
            {t('boundaries.saveMineOverTheirs')}
          </button>
        </>
      }
    >
      <p className="ba-muted">{t('boundaries.whileYouWereEditing', { version: theirs.version })}</p>
      <table className="ba-table ba-compare">
        <thead>
          <tr>
            <th>{t('boundaries.field')}</th>
            <th>{t('boundaries.theirs')}</th>
            <th>{t('boundaries.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const same = JSON.stringify(theirs[f] ?? null) === JSON.stringify(mine[f] ?? null);
            return (
              <tr key={f} className={same ? '' : 'ba-differs'}>
                <th scope="row">{fieldLabel(f, language)}</th>
                <td data-side="theirs">{valueLabel(theirs[f], language)}</td>
                <td data-side="mine">{valueLabel(mine[f], language)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Dialog>
  );
}
