// The field kit's bar at the top of the boundary panel, always in reach on a phone: connection and
// outbox state ("待同步 3 条"), conflicts, the locate button (accuracy circle, follow mode), the
// distance and direction to the selected marker with "go there", and "take this area offline".
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useMapOverlay } from '../map/context.tsx';
import { useOffline } from '../offline/useOffline.ts';
import { headingText, headingTo, type LngLat } from './geo.ts';
import { LocateOverlay } from './locateOverlay.ts';
import { useGeolocation } from './useGeolocation.ts';
import './field.css';

export type FieldView = 'outbox' | 'conflicts' | 'offline';

interface Props {
  /** The selected marker, for distance and direction. */
  target: { lngLat: LngLat; label: string } | null;
  onOpen: (view: FieldView) => void;
}

/** Room for the panel when fitting "me and the marker": the bottom sheet on a phone, the left panel on a desktop. */
function panelPadding() {
  const phone = window.innerWidth < 720;
  return phone
    ? { top: 70, bottom: Math.round(window.innerHeight * 0.55), left: 40, right: 40 }
    : { top: 70, bottom: 70, left: 420, right: 70 };
}

export function FieldKitBar({ target, onOpen }: Props) {
  const { t, language } = useI18n();
  const offline = useOffline();
  const geo = useGeolocation();
  const overlay = useMapOverlay(() => new LocateOverlay());
  const [follow, setFollow] = useState(false);
  const targetKey = target?.lngLat.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the target is compared by position.
  useEffect(() => {
    if (!overlay) return;
    overlay.follow = follow;
    overlay.update(geo.fix, target?.lngLat ?? null);
  }, [overlay, geo.fix, targetKey, follow]);
  const heading = geo.fix && target ? headingTo(geo.fix.lngLat, target.lngLat) : null;
  const conflicts = offline.entries.filter((e) => e.state === 'conflict').length;
  const refused = offline.entries.filter((e) => e.state === 'rejected').length;
  return (
    <div className="fk-bar" data-testid="field-bar">
      <div className="fk-row">
        <button
          type="button"
          className={`fk-chip ${offline.online ? 'is-online' : 'is-offline'}`}
          data-testid="outbox-chip"
          data-pending={offline.pending}
          onClick={() => onOpen('outbox')}
        >
          <span className="fk-dot" aria-hidden="true" />
          {offline.online ? '' : `${t('field.offline')} · `}
          {offline.pending ? t('field.pending', { n: offline.pending }) : t('field.allSynced')}
          {refused > 0 && ` · ${t('field.state_rejected')} ${refused}`}
        </button>
        {conflicts > 0 && (
          <button
            type="button"
            className="fk-chip is-conflict"
            data-testid="conflicts-chip"
            onClick={() => onOpen('conflicts')}
          >
            {t('field.conflicts', { n: conflicts })}
          </button>
        )}
        <button
          type="button"
          className={`fk-button ${geo.active ? 'is-active' : ''}`}
          aria-pressed={geo.active}
          data-testid="locate-button"
          onClick={() => (geo.active ? geo.stop() : geo.start())}
        >
          ◎ {t('field.locate')}
        </button>
        {geo.active && (
          <label className="fk-follow">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
            {t('field.locateFollow')}
          </label>
        )}
        <button
          type="button"
          className="fk-button"
          data-testid="offline-area-button"
          onClick={() => onOpen('offline')}
        >
          ⤓ {t('field.takeOffline')}
        </button>
      </div>
      {geo.active && (
        <div className="fk-row fk-status" aria-live="polite">
          {geo.error ? (
            <span role="alert">
              {t(geo.error === 'denied' ? 'field.locateDenied' : 'field.locateUnavailable')}
            </span>
          ) : geo.fix ? (
            <span data-testid="locate-accuracy">
              {t('field.accuracy', { m: Math.round(geo.fix.accuracyM) })}
            </span>
          ) : (
            <span>{t('field.locating')}</span>
          )}
          {heading && target && (
            <span className="fk-heading" data-testid="marker-heading">
              <span data-testid="marker-heading-text">
                {target.label} · {headingText(heading, language)}
              </span>
              <button
                type="button"
                className="fk-link"
                data-testid="go-there"
                onClick={() => overlay?.goThere(panelPadding())}
              >
                {t('field.goThere')}
              </button>
            </span>
          )}
        </div>
      )}
    </div>
  );
}
