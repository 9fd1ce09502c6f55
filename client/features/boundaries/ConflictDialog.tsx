// Shown when the server answers 412: someone saved this record after you loaded it. Lists, field
// by field, their value against yours, and lets the user choose — never silently overwrites.
import { useI18n } from '../../i18n/index.tsx';
import type { BoundaryRecord } from './boundaryApi.ts';
import { fieldLabel, pick, valueLabel } from './text.ts';

interface Props {
  theirs: BoundaryRecord;
  mine: Record<string, unknown>;
  onUseTheirs: () => void;
  onKeepMine: () => void;
  onMerge: () => void;
}

export function ConflictDialog({ theirs, mine, onUseTheirs, onKeepMine, onMerge }: Props) {
  const { language } = useI18n();
  const fields = Object.keys(mine).filter((f) => f !== 'reason');
  return (
    <div className="ba-modal-backdrop" role="presentation">
      <div
        className="ba-modal ba-conflict"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="conflict-title"
        data-testid="conflict-dialog"
      >
        <h2 id="conflict-title">
          {pick(language, ['他人已修改此记录', 'Someone else changed this record'])}
        </h2>
        <p className="ba-muted">
          {pick(language, [
            `在您编辑期间，该记录已被保存为第 ${theirs.version} 版。请对比后选择：`,
            `While you were editing, it was saved as version ${theirs.version}. Compare and choose:`,
          ])}
        </p>
        <table className="ba-table ba-compare">
          <thead>
            <tr>
              <th>{pick(language, ['字段', 'Field'])}</th>
              <th>{pick(language, ['对方的版本', 'Theirs'])}</th>
              <th>{pick(language, ['您的修改', 'Yours'])}</th>
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
        <div className="ba-actions ba-actions-stack">
          <button type="button" className="ba-button" onClick={onUseTheirs} data-testid="conflict-use-theirs">
            {pick(language, ['放弃我的修改，使用对方版本', 'Discard mine, use theirs'])}
          </button>
          <button type="button" className="ba-button" onClick={onMerge} data-testid="conflict-merge">
            {pick(language, ['在对方版本上继续编辑', 'Edit on top of theirs'])}
          </button>
          <button
            type="button"
            className="ba-button ba-primary"
            onClick={onKeepMine}
            data-testid="conflict-keep-mine"
          >
            {pick(language, ['保存我的修改（覆盖对方）', 'Save mine over theirs'])}
          </button>
        </div>
      </div>
    </div>
  );
}
