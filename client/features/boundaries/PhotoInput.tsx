// Photos for a marker or an inspection finding: thumbnails of what is attached, and a button that
// opens the phone's rear camera (capture="environment"); on a desktop it opens a file picker.
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { boundaryApi } from './boundaryApi.ts';

interface Props {
  photoIds: number[];
  disabled?: boolean;
  onChange: (ids: number[]) => void;
}

export function PhotoInput({ photoIds, disabled, onChange }: Props) {
  const { t } = useI18n();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <div className="ba-photos">
      {photoIds.map((id) => (
        <a key={id} href={`/api/photos/${id}`} target="_blank" rel="noreferrer" className="ba-thumb">
          <img src={`/api/photos/${id}/thumbnail`} alt={t('boundaries.photo', { id })} loading="lazy" />
        </a>
      ))}
      {!disabled && (
        <label htmlFor={inputId} className="ba-button ba-camera">
          {busy ? t('boundaries.uploading') : t('boundaries.takeOrPickPhoto')}
          <input
            id={inputId}
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden"
            disabled={busy}
            data-testid="photo-input"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (!file) return;
              setBusy(true);
              setError(undefined);
              try {
                const photo = await boundaryApi.uploadPhoto(file);
                onChange([...photoIds, photo.id]);
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          />
        </label>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}
