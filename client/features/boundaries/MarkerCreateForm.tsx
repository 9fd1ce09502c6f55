// "新增界桩": a new marker on the selected line. Tap the map to place it (it must stand within 50 m
// of the line unless the exception is ticked — the server decides and its message is shown next to
// the location), number suggested as the line's next free one, type, material, condition, date set.
import { useEffect, useState } from 'react';
import { MARKER_CONDITIONS, MARKER_MATERIALS, MARKER_TYPES } from '../../../server/contract/vocabularies.ts';
import { formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type BoundaryRecord, boundaryApi } from './boundaryApi.ts';
import { fieldErrorsOf, SaveError } from './DisputePanel.tsx';
import type { DisputeLayer } from './disputeLayer.ts';
import { fieldLabel, pick, valueLabel } from './text.ts';

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
  const { language } = useI18n();
  const [markers, setMarkers] = useState<BoundaryRecord[] | null>(null);
  const [markerType, setMarkerType] = useState('single');
  const [number, setNumber] = useState('');
  const [numberTouched, setNumberTouched] = useState(false);
  const [material, setMaterial] = useState('granite');
  const [condition, setCondition] = useState('intact');
  const [dateSet, setDateSet] = useState(() => new Date().toISOString().slice(0, 10));
  const [exception, setException] = useState(false);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [placing, setPlacing] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);

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
    if (markers && !numberTouched) setNumber(nextNumber(markers, markerType));
  }, [markers, markerType, numberTouched]);

  // Tap the map to place the marker; it can be placed again until saved.
  useEffect(() => {
    if (!layer) return;
    if (placing)
      layer.startDraft(
        'point',
        (points) => {
          if (points[0]) setPoint(points[0]);
          setPlacing(false);
        },
        point ? [point] : [],
      );
    else if (point) {
      layer.stopDrawing();
      layer.showDraft('point', [point]);
    }
  }, [layer, placing, point]);
  useEffect(() => () => layer?.clearDraft(), [layer]);

  const distance = point ? distanceToLine(point, line.geometry) : null;

  const save = async () => {
    if (!point) {
      setErrors({
        geometry: pick(language, ['请先在地图上点击放置界桩', 'Tap the map to place the marker']),
      });
      return;
    }
    setSaving(true);
    setErrors({});
    setSaveError(undefined);
    try {
      const record = await boundaryApi.create('boundary-markers', {
        lineId: line.id,
        number,
        markerType,
        material,
        condition,
        dateSet: dateSet || null,
        offLineException: exception,
        geometry: { type: 'Point', coordinates: point },
      });
      onCreated(record);
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const err = (name: string) =>
    errors[name] ? (
      <span className="ba-error" role="alert" data-error-for={name}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <section className="ba-editor" data-testid="marker-create">
      <header className="ba-editor-head">
        <h3>
          {pick(language, ['新增界桩', 'New marker'])} · {String(line.name)}
        </h3>
        <button
          type="button"
          className="ba-icon-button"
          onClick={onClose}
          aria-label={pick(language, ['关闭', 'Close'])}
        >
          ×
        </button>
      </header>
      <form
        className="ba-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="ba-field">
          <span>{fieldLabel('geometry', language)}</span>
          <div className="ba-drawbar" data-testid="marker-place">
            <span className="ba-grow" role="status">
              {placing
                ? pick(language, [
                    '点击地图放置界桩（须在界线 50 m 以内）',
                    'Tap the map to place the marker (within 50 m of the line)',
                  ])
                : point
                  ? `${point[0].toFixed(6)}, ${point[1].toFixed(6)}${
                      distance !== null
                        ? pick(language, [
                            ` · 距界线约 ${formatDistance(distance)}`,
                            ` · about ${formatDistance(distance)} from the line`,
                          ])
                        : ''
                    }`
                  : '—'}
            </span>
            {!placing && (
              <button type="button" className="ba-button" onClick={() => setPlacing(true)}>
                {pick(language, ['重新放置', 'Place again'])}
              </button>
            )}
          </div>
          {distance !== null && distance > 50 && !exception && (
            <span className="ba-warn">
              {pick(language, [
                '超出界线 50 m，除非勾选“允许偏离”，否则服务器将拒绝。',
                'More than 50 m from the line: tick the exception or the server will refuse it.',
              ])}
            </span>
          )}
          {err('geometry')}
        </div>
        <div className="ba-field ba-check">
          <label htmlFor="bm-exception">{fieldLabel('offLineException', language)}</label>
          <input
            id="bm-exception"
            type="checkbox"
            checked={exception}
            onChange={(e) => setException(e.target.checked)}
          />
          {err('offLineException')}
        </div>
        <div className="ba-field">
          <label htmlFor="bm-type">{fieldLabel('markerType', language)}</label>
          <select id="bm-type" value={markerType} onChange={(e) => setMarkerType(e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          {err('markerType')}
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
              setNumber(e.target.value.toUpperCase());
            }}
          />
          <span className="ba-muted">
            {pick(language, [
              '3 位数字 + 类型字母：单立 Q；同号双立 A/B；同号三立 C/D/E',
              '3 digits + type letter: single Q; pair A/B; triple C/D/E',
            ])}
          </span>
          {err('number')}
        </div>
        <div className="ba-field">
          <label htmlFor="bm-material">{fieldLabel('material', language)}</label>
          <select id="bm-material" value={material} onChange={(e) => setMaterial(e.target.value)}>
            {MATERIALS.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          {err('material')}
        </div>
        <div className="ba-field">
          <label htmlFor="bm-condition">{fieldLabel('condition', language)}</label>
          <select id="bm-condition" value={condition} onChange={(e) => setCondition(e.target.value)}>
            {CONDITIONS.map((t) => (
              <option key={t} value={t}>
                {valueLabel(t, language)}
              </option>
            ))}
          </select>
          {err('condition')}
        </div>
        <div className="ba-field">
          <label htmlFor="bm-date">{fieldLabel('dateSet', language)}</label>
          <input id="bm-date" type="date" value={dateSet} onChange={(e) => setDateSet(e.target.value)} />
          {err('dateSet')}
        </div>
        {saveError !== undefined && <SaveError error={saveError} shown={(f) => SHOWN.includes(f)} />}
        <div className="ba-actions">
          <button type="button" className="ba-button" onClick={onClose} disabled={saving}>
            {pick(language, ['取消', 'Cancel'])}
          </button>
          <button
            type="submit"
            className="ba-button ba-primary"
            disabled={saving || !point || !number}
            data-testid="marker-create-save"
          >
            {saving ? pick(language, ['保存中…', 'Saving…']) : pick(language, ['保存', 'Save'])}
          </button>
        </div>
      </form>
    </section>
  );
}
