// "新增界桩": a new marker on the selected line. Tap the map to place it (it must stand within 50 m
// of the line unless the exception is ticked — the server decides and its message is shown next to
// the location), number suggested as the line's next free one, type, material, condition, date set.
import { useEffect, useState } from 'react';
import { MARKER_CONDITIONS, MARKER_MATERIALS, MARKER_TYPES } from '../../../server/contract/vocabularies.ts';
import { formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { FieldError, SaveError } from '../../ui/fields.tsx';
import { type BoundaryRecord, boundaryApi } from './boundaryApi.ts';
import type { DisputeLayer } from './disputeLayer.ts';
import { fieldLabel, valueLabel } from './text.ts';
import { useRecordDraft } from './useRecordDraft.ts';

const TYPES = MARKER_TYPES;
const LETTER: Record<string, string> = { single: 'Q', double: 'A', triple: 'C' };
const MATERIALS = MARKER_MATERIALS;
const CONDITIONS = MARKER_CONDITIONS;
const SHOWN = ['geometry', 'offLineException', 'markerType', 'number', 'material', 'condition', 'dateSet'];

/** The next free number on a line: one above the highest used, with the type's first letter. */
export function nextNumber(markers: readonly Record<string, unknown>[], markerType: string): string {
  let max = 0;
  for (const m of markers) {
    const n = /^(\d{3})/.exec(String(m.number ?? ''));
    if (n) max = Math.max(max, Number(n[1]));
  }
  return `${String(Math.min(max + 1, 999)).padStart(3, '0')}${LETTER[markerType] ?? 'Q'}`;
}

/** Metres from a point to the nearest segment of a (multi)line, on a local flat projection. */
function distanceToLine(point: [number, number], geometry: unknown): number | null {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g?.coordinates) return null;
  const parts = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as [number, number][][];
  const kx = 111_320 * Math.cos((point[1] * Math.PI) / 180);
  const ky = 110_540;
  let best = Number.POSITIVE_INFINITY;
  for (const part of parts)
    for (let i = 1; i < part.length; i++) {
      const [ax, ay] = [(part[i - 1]![0] - point[0]) * kx, (part[i - 1]![1] - point[1]) * ky];
      const [bx, by] = [(part[i]![0] - point[0]) * kx, (part[i]![1] - point[1]) * ky];
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  return Number.isFinite(best) ? best : null;
}

interface Props {
  line: BoundaryRecord;
  layer: DisputeLayer | null;
  onCreated: (marker: BoundaryRecord) => void;
  onClose: () => void;
}

export function MarkerCreateForm({ line, layer, onCreated, onClose }: Props) {
  const { language, t } = useI18n();
  const [markers, setMarkers] = useState<BoundaryRecord[] | null>(null);
  const [numberTouched, setNumberTouched] = useState(false);
  const [placing, setPlacing] = useState(true);
  /** Problems found before sending (no position yet). */
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const record = useRecordDraft('boundary-markers', null, {
    initial: {
      markerType: 'single',
      number: '',
      material: 'granite',
      condition: 'intact',
      dateSet: new Date().toISOString().slice(0, 10),
      offLineException: false,
      geometry: null,
    },
    createWith: { lineId: line.id },
    // As before the hook: a new marker's form never held the page.
    warnOnLeave: false,
    onSaved: onCreated,
  });
  const { current, set } = record;
  const errors = { ...record.fieldErrors, ...localErrors };
  const markerType = String(current.markerType);
  const number = String(current.number ?? '');
  const exception = current.offLineException === true;
  const point = ((current.geometry as { coordinates: [number, number] } | null)?.coordinates ?? null) as
    | [number, number]
    | null;

  useEffect(() => {
    let cancelled = false;
    boundaryApi.list('boundary-markers', { line: line.id }).then(
      (items) => !cancelled && setMarkers(items),
      () => !cancelled && setMarkers([]),
    );
    return () => {
      cancelled = true;
    };
  }, [line.id]);

  // Suggest the next free number until the user types one.
  useEffect(() => {
    if (markers && !numberTouched) set('number', nextNumber(markers, markerType));
  }, [markers, markerType, numberTouched, set]);

  // Tap the map to place the marker; it can be placed again until saved.
  useEffect(() => {
    if (!layer) return;
    if (placing)
      layer.startDraft(
        'point',
        (points) => {
          if (points[0]) set('geometry', { type: 'Point', coordinates: points[0] });
          setPlacing(false);
        },
        point ? [point] : [],
      );
    else if (point) {
      layer.stopDrawing();
      layer.showDraft('point', [point]);
    }
  }, [layer, placing, point, set]);
  useEffect(() => () => layer?.clearDraft(), [layer]);

  const distance = point ? distanceToLine(point, line.geometry) : null;

  const save = () => {
    if (!point) {
      setLocalErrors({ geometry: t('boundaries.tapTheMapTo') });
      return;
    }
    setLocalErrors({});
    void record.save({ ...record.draft, dateSet: current.dateSet || null });
  };

  return (
    <section className="ba-editor" data-testid="marker-create">
      <header className="ba-editor-head">
        <h3>
          {t('boundaries.newMarker')} · {String(line.name)}
        </h3>
        <button type="button" className="ba-icon-button" onClick={onClose} aria-label={t('boundaries.close')}>
          ×
        </button>
      </header>
      <form
        className="ba-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="ba-field">
          <span>{fieldLabel('geometry', language)}</span>
          <div className="ba-drawbar" data-testid="marker-place">
            <span className="ba-grow" role="status">
              {placing
                ? t('boundaries.tapTheMapTo2')
                : point
                  ? `${point[0].toFixed(6)}, ${point[1].toFixed(6)}${
                      distance !== null
                        ? t('boundaries.aboutFromTheLine', { distance: formatDistance(distance) })
                        : ''
                    }`
                  : '—'}
            </span>
            {!placing && (
              <button type="button" className="ba-button" onClick={() => setPlacing(true)}>
                {t('boundaries.placeAgain')}
              </button>
            )}
          </div>
          {distance !== null && distance > 50 && !exception && (
            <span className="ba-warn">{t('boundaries.moreThan50M')}</span>
          )}
          <FieldError errors={errors} name="geometry" />
        </div>
        <div className="ba-field ba-check">
          <label htmlFor="bm-exception">{fieldLabel('offLineException', language)}</label>
          <input
            id="bm-exception"
            type="checkbox"
            checked={exception}
            onChange={(e) => set('offLineException', e.target.checked)}
          />
          <FieldError errors={errors} name="offLineException" />
        </div>
        <div className="ba-field">
          <label htmlFor="bm-type">{fieldLabel('markerType', language)}</label>
          <select id="bm-type" value={markerType} onChange={(e) => set('markerType', e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="markerType" />
        </div>
        <div className="ba-field">
          <label htmlFor="bm-number">{fieldLabel('number', language)}</label>
          <input
            id="bm-number"
            name="number"
            type="text"
            autoCapitalize="characters"
            value={number}
            aria-invalid={errors.number ? true : undefined}
            onChange={(e) => {
              setNumberTouched(true);
              set('number', e.target.value.toUpperCase());
            }}
          />
          <span className="ba-muted">{t('boundaries.n3DigitsTypeLetter')}</span>
          <FieldError errors={errors} name="number" />
        </div>
        <div className="ba-field">
          <label htmlFor="bm-material">{fieldLabel('material', language)}</label>
          <select
            id="bm-material"
            value={String(current.material)}
            onChange={(e) => set('material', e.target.value)}
          >
            {MATERIALS.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="material" />
        </div>
        <div className="ba-field">
          <label htmlFor="bm-condition">{fieldLabel('condition', language)}</label>
          <select
            id="bm-condition"
            value={String(current.condition)}
            onChange={(e) => set('condition', e.target.value)}
          >
            {CONDITIONS.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="condition" />
        </div>
        <div className="ba-field">
          <label htmlFor="bm-date">{fieldLabel('dateSet', language)}</label>
          <input
            id="bm-date"
            type="date"
            value={String(current.dateSet ?? '')}
            onChange={(e) => set('dateSet', e.target.value)}
          />
          <FieldError errors={errors} name="dateSet" />
        </div>
        {record.saveError !== undefined && (
          <SaveError error={record.saveError} shown={(f) => SHOWN.includes(f)} />
        )}
        <div className="ba-actions">
          <button type="button" className="ba-button" onClick={onClose} disabled={record.saving}>
            {t('boundaries.cancel')}
          </button>
          <button
            type="submit"
            className="ba-button ba-primary"
            disabled={record.saving || !point || !number}
            data-testid="marker-create-save"
          >
            {record.saving ? t('boundaries.saving') : t('boundaries.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
