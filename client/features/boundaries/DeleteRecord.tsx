// Delete (or withdraw) a marker, line, inspection or dispute: asks why, then a soft delete with
// If-Match; the record stays in the history and can be restored. A refusal is shown by the button.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type BoundaryRecord, boundaryApi, type Kind } from './boundaryApi.ts';
import { ReasonDialog } from './ReasonDialog.tsx';

interface Props {
  kind: Kind;
  record: BoundaryRecord;
  /** "撤回" for an inspection or dispute entered by mistake, "删除" otherwise. */
  withdraw?: boolean;
  onDeleted: (record: BoundaryRecord) => void;
}

export function DeleteRecord({ kind, record, withdraw, onDeleted }: Props) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const label = withdraw ? t('field.withdraw') : t('field.deleteRecord');
  return (
    <>
      <button
        type="button"
        className="ba-button ba-small ba-danger"
        data-testid={`delete-${kind}`}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
      {asking && (
        <ReasonDialog
          title={label}
          message={t('field.deleteReason')}
          reasonRequired
          onCancel={() => setAsking(false)}
          onConfirm={(reason) => {
            setAsking(false);
            setError(undefined);
            boundaryApi.remove(kind, record.id, record.version, reason).then(onDeleted, setError);
          }}
        />
      )}
    </>
  );
}
