// The head of every boundary record form (lines, markers, disputes): title, version, close.
import { useI18n } from '../../i18n/index.tsx';

export function EditorHeader({
  title,
  version,
  onClose,
}: {
  title: string;
  /** Absent for a record not saved yet. */
  version?: number;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <header className="ba-editor-head">
      <h3>{title}</h3>
      {version !== undefined && (
        <span className="ba-muted">
          {t('boundaries.version')} {version}
        </span>
      )}
      <button type="button" className="ba-icon-button" onClick={onClose} aria-label={t('boundaries.close')}>
        ×
      </button>
    </header>
  );
}
