// Asks for confirmation and a reason (e.g. after dragging a marker, or before restoring a version).
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';

interface Props {
  title: string;
  message: string;
  defaultReason?: string;
  reasonRequired: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

export function ReasonDialog({
  title,
  message,
  defaultReason = '',
  reasonRequired,
  onConfirm,
  onCancel,
}: Props) {
  const { t } = useI18n();
  const [reason, setReason] = useState(defaultReason);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reasonRequired && !reason.trim()) return;
    onConfirm(reason.trim());
  };
  return (
    <div className="ba-modal-backdrop" role="presentation">
      <form
        className="ba-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reason-title"
        onSubmit={submit}
        data-testid="reason-dialog"
      >
        <h2 id="reason-title">{title}</h2>
        <p>{message}</p>
        <label className="ba-field">
          <span>
            {t('boundaries.reason')}
            {reasonRequired && <em className="ba-required"> *</em>}
          </span>
          <textarea
            name="reason"
            rows={2}
            value={reason}
            required={reasonRequired}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('boundaries.eGCorrectedAfter')}
          />
        </label>
        <div className="ba-actions">
          <button type="button" className="ba-button" onClick={onCancel}>
            {t('boundaries.cancel')}
          </button>
          <button type="submit" className="ba-button ba-primary" disabled={reasonRequired && !reason.trim()}>
            {t('boundaries.confirm')}
          </button>
        </div>
      </form>
    </div>
  );
}
