// Asks for confirmation and a reason (e.g. after dragging a marker, or before restoring a version).
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/Dialog.tsx';

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
    <Dialog
      id="reason"
      title={title}
      onClose={onCancel}
      submit={{
        label: t('boundaries.confirm'),
        cancel: t('boundaries.cancel'),
        disabled: reasonRequired && !reason.trim(),
        onSubmit: submit,
      }}
    >
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
    </Dialog>
  );
}
