// "Use my position" for placing or moving a marker: one high-accuracy fix from the device, handed
// over with its accuracy (stored with the marker as positionAccuracyM).
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { currentFix, type Fix } from './useGeolocation.ts';

export function UseMyPosition({ onFix }: { onFix: (fix: Fix) => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'locating' | 'denied' | 'unavailable'>('idle');
  return (
    <span className="fk-row">
      <button
        type="button"
        className="fk-button"
        data-testid="use-my-position"
        disabled={state === 'locating'}
        onClick={() => {
          setState('locating');
          currentFix().then(
            (fix) => {
              setState('idle');
              onFix(fix);
            },
            (error: Error) => setState(error.message === 'denied' ? 'denied' : 'unavailable'),
          );
        }}
      >
        ◎ {state === 'locating' ? t('field.locating') : t('field.useMyPosition')}
      </button>
      {(state === 'denied' || state === 'unavailable') && (
        <span className="fk-error" role="alert">
          {t(state === 'denied' ? 'field.locateDenied' : 'field.locateUnavailable')}
        </span>
      )}
    </span>
  );
}
