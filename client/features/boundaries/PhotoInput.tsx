// Photos for a marker or an inspection finding: thumbnails of what is attached, and a button that
// opens the phone's rear camera (capture="environment"); on a desktop it opens a file picker.
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { localPhotoUrl, storeLocalPhoto } from '../../offline/outbox.ts';
import { isNoConnection } from '../../offline/save.ts';
import { offlineStore } from '../../offline/useOffline.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { boundaryApi } from './boundaryApi.ts';

/** A photo id, or "local:<id>" for one taken without a connection (uploaded when the edit syncs). */
export type PhotoRef = number | string;

interface Props {
  photoIds: PhotoRef[];
  disabled?: boolean;
  onChange: (ids: PhotoRef[]) => void;
}

/** The thumbnail of a photo still on the device. */
function LocalThumb({ photoRef }: { photoRef: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    void offlineStore()
      .then(({ db }) => localPhotoUrl(db, photoRef))
      .then((u) => {
        made = u;
        setUrl(u);
      });
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [photoRef]);
  return <span className="ba-thumb ba-thumb-local">{url && <img src={url} alt="" />}</span>;
}

export function PhotoInput({ photoIds, disabled, onChange }: Props) {
  const { t } = useI18n();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <div className="ba-photos">
      {photoIds.map((id) =>
        typeof id === 'string' ? (
          <LocalThumb key={id} photoRef={id} />
        ) : (
          <a key={id} href={`/api/photos/${id}`} target="_blank" rel="noreferrer" className="ba-thumb">
            <img src={`/api/photos/${id}/thumbnail`} alt={t('boundaries.photo', { id })} loading="lazy" />
          </a>
        ),
      )}
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
                // No signal: the photo waits on the device as a Blob, and goes up with the edit.
                if (isNoConnection(e)) {
                  const { db } = await offlineStore();
                  onChange([...photoIds, await storeLocalPhoto(db, file, file.name)]);
                } else setError(e);
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
