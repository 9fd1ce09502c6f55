// Search in boundary mode: marker numbers (界桩 004Q, 4q) and lines by name or their two units in
// either order (玉龙镇—雍溪镇界线); a line overdue for its joint inspection says so. A hit opens
// the record and moves the map to it.
import { useEffect, useState } from 'react';
import { request } from '../api/client.ts';
import { valueLabel } from '../features/boundaries/text.ts';
import { useI18n } from '../i18n/index.tsx';
import type { FeatureRef } from '../map/MapController.ts';

interface Hit {
  kind: 'boundary-markers' | 'boundary-lines';
  id: number;
  label: string;
  condition?: string;
  inspectionState?: string;
  bbox: [number, number, number, number];
}

export function BoundarySearch({
  districtCode,
  onChoose,
}: {
  districtCode: string;
  onChoose: (ref: FeatureRef, center: [number, number]) => void;
}) {
  const { t, language } = useI18n();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      request<{ items: Hit[] }>(
        `/api/boundaries/search?district=${districtCode}&q=${encodeURIComponent(q)}&limit=8`,
        { signal: controller.signal },
      ).then(
        (r) => setHits(r.items),
        () => setHits([]),
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text, districtCode]);
  return (
    <div className="fk-search">
      <input
        type="search"
        className="fk-search-input"
        data-testid="boundary-search"
        placeholder={t('field.searchBoundaries')}
        aria-label={t('field.searchBoundaries')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {hits.length > 0 && (
        <ul className="ba-list">
          {hits.map((h) => (
            <li key={`${h.kind}:${h.id}`}>
              <button
                type="button"
                className="fk-item fk-item-button"
                data-testid="boundary-hit"
                onClick={() => {
                  setText('');
                  setHits([]);
                  onChoose({ collection: h.kind, id: String(h.id) }, [
                    (h.bbox[0] + h.bbox[2]) / 2,
                    (h.bbox[1] + h.bbox[3]) / 2,
                  ]);
                }}
              >
                <span className="fk-item-head">
                  <span>{h.label}</span>
                  {h.condition && <span className="fk-state">{valueLabel(h.condition, language)}</span>}
                  {h.inspectionState === 'overdue' && (
                    <span className="fk-state is-rejected">{t('field.inspectionOverdue')}</span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
