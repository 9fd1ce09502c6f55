// Markers that need fixing: the district's markers filtered by condition (and line), as the
// statistics' counts open it (损坏 28 → the 28 damaged markers). A tap opens the marker.
import { useEffect, useState } from 'react';
import { MARKER_CONDITIONS } from '../../server/contract/vocabularies.ts';
import { type BoundaryRecord, boundaryApi } from '../features/boundaries/boundaryApi.ts';
import { valueLabel } from '../features/boundaries/text.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { PanelHead } from './PanelHead.tsx';

interface Props {
  districtCode: string;
  condition: string | null;
  lineId?: number;
  onCondition: (condition: string | null) => void;
  onSelect: (marker: BoundaryRecord) => void;
  onClose: () => void;
}

export function MarkerList({ districtCode, condition, lineId, onCondition, onSelect, onClose }: Props) {
  const { t, language } = useI18n();
  const [items, setItems] = useState<BoundaryRecord[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    let cancelled = false;
    setItems(undefined);
    boundaryApi
      .list('boundary-markers', { district: districtCode, condition: condition ?? undefined, line: lineId })
      .then(
        (list) => !cancelled && setItems(list),
        (e) => !cancelled && setError(e),
      );
    return () => {
      cancelled = true;
    };
  }, [districtCode, condition, lineId]);
  return (
    <section className="fk-panel" data-testid="marker-list">
      <PanelHead onClose={onClose}>
        {t('field.markerList')}
        {items ? ` · ${items.length}` : ''}
      </PanelHead>
      <fieldset className="fk-conditions">
        <legend className="visually-hidden">{t('field.filterCondition')}</legend>
        {MARKER_CONDITIONS.map((c) => (
          <button
            key={c}
            type="button"
            className={`fk-button ${condition === c ? 'is-active' : ''}`}
            aria-pressed={condition === c}
            data-testid={`condition-${c}`}
            onClick={() => onCondition(condition === c ? null : c)}
          >
            {valueLabel(c, language)}
          </button>
        ))}
      </fieldset>
      {error !== undefined && <ErrorMessage error={error} />}
      <ul className="ba-list">
        {(items ?? []).map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className="fk-item fk-item-button"
              data-testid="marker-list-item"
              onClick={() => onSelect(m)}
            >
              <span className="fk-item-head">
                <span>界桩 {String(m.number)}</span>
                <span className="fk-state">{valueLabel(m.condition, language)}</span>
              </span>
              <span className="fk-muted">{String(m.lineName ?? '')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
