// Edit form for one boundary line or marker: fields in one column, a reason when the status,
// condition or location changes, errors next to their fields, history with restore, a conflict
// dialog on 412, and (markers) dragging on the map with confirmation and a reason.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { haversineMetres } from '../../../server/contract/geodesy.ts';
import {
  LINE_STATUSES,
  MARKER_CONDITIONS,
  MARKER_MATERIALS,
  MARKER_TYPES,
} from '../../../server/contract/vocabularies.ts';
import { ApiError } from '../../api/client.ts';
import { formatDate, formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useAuth } from '../auth/auth.tsx';
import { type BoundaryRecord, boundaryApi, ConflictError, type Kind } from './boundaryApi.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { EditorHeader } from './EditorHeader.tsx';
import type { BoundaryEditLayer } from './editLayer.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { InspectionPanel } from './InspectionPanel.tsx';
import { PhotoInput } from './PhotoInput.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { fieldLabel, pick, valueLabel } from './text.ts';

type FieldKind =
  | { type: 'text' | 'textarea' | 'date' | 'number' | 'checkbox' }
  | { type: 'select'; options: readonly string[] };

const MARKER_FIELDS: [string, FieldKind][] = [
  ['condition', { type: 'select', options: MARKER_CONDITIONS }],
  ['number', { type: 'text' }],
  ['markerType', { type: 'select', options: MARKER_TYPES }],
  ['material', { type: 'select', options: MARKER_MATERIALS }],
  ['elevationM', { type: 'number' }],
  ['dateSet', { type: 'date' }],
  ['responsibleSide', { type: 'text' }],
  ['offLineException', { type: 'checkbox' }],
  ['note', { type: 'textarea' }],
];

const LINE_FIELDS: [string, FieldKind][] = [
  ['status', { type: 'select', options: LINE_STATUSES }],
  ['name', { type: 'text' }],
  ['agreementNumber', { type: 'text' }],
  ['approvingAuthority', { type: 'text' }],
  ['agreementDate', { type: 'date' }],
  ['description', { type: 'textarea' }],
];

const REASON_FIELDS: Record<Kind, string[]> = {
  'boundary-markers': ['condition', 'geometry'],
  'boundary-lines': ['status'],
  inspections: ['status'],
  disputes: ['stage'],
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `draft` that differ from `base`. */
function changesOf(base: BoundaryRecord, draft: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(draft).filter(([k, v]) => !same(base[k], v)));
}

interface Props {
  kind: 'boundary-lines' | 'boundary-markers';
  id: number;
  layer: BoundaryEditLayer | null;
  onClose: () => void;
}

export function RecordEditor({ kind, id, layer, onClose }: Props) {
  const { language } = useI18n();
  const auth = useAuth();
  const canEdit = auth.can('boundary_editor');
  const [base, setBase] = useState<BoundaryRecord | null>(null);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [reason, setReason] = useState('');
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: BoundaryRecord; mine: Record<string, unknown> } | null>(
    null,
  );
  const [move, setMove] = useState<{ to: [number, number]; from: [number, number] } | null>(null);
  const [tab, setTab] = useState<'edit' | 'history' | 'inspections'>('edit');
  const [revision, setRevision] = useState(0);
  const baseRef = useRef<BoundaryRecord | null>(null);
  baseRef.current = base;

  const adopt = useCallback((record: BoundaryRecord, keep: Record<string, unknown> = {}) => {
    setBase(record);
    setDraft(keep);
    setRevision((n) => n + 1);
  }, []);

  useEffect(() => {
    let cancelled = false;
    setBase(null);
    setDraft({});
    setLoadError(undefined);
    boundaryApi.get(kind, id).then(
      (record) => !cancelled && adopt(record),
      (error) => !cancelled && setLoadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [kind, id, adopt]);

  const dirty = base !== null && Object.keys(changesOf(base, draft)).length > 0;

  // Nothing is lost: leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Draw the record on the map; markers can be dragged by editors.
  useEffect(() => {
    if (!layer || !base) return;
    const current = { ...base, ...draft };
    layer.show(current.geometry as { type: string; coordinates: unknown }, {
      status: current.status,
      condition: current.condition,
    });
    layer.setDraggable(canEdit && kind === 'boundary-markers');
  }, [layer, base, draft, canEdit, kind]);
  useEffect(() => () => layer?.show(null), [layer]);

  const save = async (changes: Record<string, unknown>, why: string, version: number) => {
    setSaving(true);
    setSaveError(undefined);
    setFieldErrors({});
    setSaved(false);
    try {
      const record = await boundaryApi.update(kind, id, version, changes, why || undefined);
      adopt(record);
      setReason('');
      setSaved(true);
      layer?.refreshTiles();
    } catch (error) {
      if (error instanceof ConflictError) {
        setConflict({ theirs: error.theirs, mine: changes });
      } else {
        if (error instanceof ApiError && error.details) {
          const byField: Record<string, string> = {};
          for (const d of error.details)
            if (d.field) byField[d.field.replace(/^body\./, '')] = d.problem ?? '';
          setFieldErrors(byField);
        }
        setSaveError(error);
        // A refused move puts the handle back where the record is.
        if (changes.geometry && baseRef.current)
          setDraft((d) => ({ ...d, geometry: baseRef.current?.geometry }));
      }
    } finally {
      setSaving(false);
    }
  };

  // Dragging the marker: confirm with a reason, then save the new position.
  useEffect(() => {
    const onMoved = (event: Event) => {
      const detail = (event as CustomEvent<{ to: [number, number]; from: [number, number] }>).detail;
      if (kind === 'boundary-markers' && canEdit) setMove(detail);
    };
    window.addEventListener('civic-atlas:marker-moved', onMoved);
    return () => window.removeEventListener('civic-atlas:marker-moved', onMoved);
  }, [kind, canEdit]);

  if (loadError !== undefined) return <ErrorMessage error={loadError} />;
  if (!base) return <p className="ba-muted">{pick(language, ['加载中…', 'Loading…'])}</p>;

  const current = { ...base, ...draft };
  const changes = changesOf(base, draft);
  const needsReason = REASON_FIELDS[kind].some((f) => f in changes);
  const fields = kind === 'boundary-markers' ? MARKER_FIELDS : LINE_FIELDS;
  const title =
    kind === 'boundary-markers'
      ? `${pick(language, ['界桩', 'Marker'])} ${String(base.number)}`
      : `${pick(language, ['界线', 'Line'])} ${String(base.name)}`;

  const input = (name: string, spec: FieldKind): ReactNode => {
    const value = current[name];
    const set = (v: unknown) => setDraft((d) => ({ ...d, [name]: v }));
    const common = {
      id: `ba-${name}`,
      name,
      disabled: !canEdit,
      'aria-invalid': fieldErrors[name] ? true : undefined,
    };
    switch (spec.type) {
      case 'select':
        return (
          <select {...common} value={String(value ?? '')} onChange={(e) => set(e.target.value)}>
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {valueLabel(o, language)}
              </option>
            ))}
          </select>
        );
      case 'textarea':
        return (
          <textarea
            {...common}
            rows={2}
            value={String(value ?? '')}
            onChange={(e) => set(e.target.value || null)}
          />
        );
      case 'checkbox':
        return (
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => set(e.target.checked)}
          />
        );
      case 'number':
        return (
          <input
            {...common}
            type="number"
            inputMode="decimal"
            step="0.01"
            value={value === null || value === undefined ? '' : String(value)}
            onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}
          />
        );
      case 'date':
        return (
          <input
            {...common}
            type="date"
            value={String(value ?? '')}
            onChange={(e) => set(e.target.value || null)}
          />
        );
      default:
        return (
          <input
            {...common}
            type="text"
            value={String(value ?? '')}
            onChange={(e) => set(e.target.value || null)}
          />
        );
    }
  };

  return (
    <section
      className="ba-editor"
      data-testid="record-editor"
      data-kind={kind}
      data-id={id}
      data-version={base.version}
    >
      <EditorHeader title={title} version={base.version} onClose={onClose} />
      <div className="ba-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'edit'} onClick={() => setTab('edit')}>
          {canEdit ? pick(language, ['编辑', 'Edit']) : pick(language, ['详情', 'Details'])}
        </button>
        {auth.user && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'history'}
            onClick={() => setTab('history')}
            data-testid="tab-history"
          >
            {pick(language, ['历史', 'History'])}
          </button>
        )}
        {kind === 'boundary-lines' && auth.user && (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'inspections'}
            onClick={() => setTab('inspections')}
            data-testid="tab-inspections"
          >
            {pick(language, ['联检', 'Inspections'])}
          </button>
        )}
      </div>

      {tab === 'edit' && (
        <form
          className="ba-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (dirty && (!needsReason || reason.trim())) void save(changes, reason.trim(), base.version);
          }}
        >
          {!auth.user && (
            <p className="ba-hint">
              {pick(language, ['登录后可编辑界线与界桩。', 'Sign in to edit lines and markers.'])}{' '}
              <button type="button" className="ba-link" onClick={auth.requestLogin}>
                {pick(language, ['登录', 'Sign in'])}
              </button>
            </p>
          )}
          {kind === 'boundary-lines' && (
            <dl className="ba-facts">
              <dt>{pick(language, ['相邻单位', 'Units'])}</dt>
              <dd>
                {String(base.leftUnitName)} — {String(base.rightUnitName)}
              </dd>
              <dt>{pick(language, ['长度', 'Length'])}</dt>
              <dd>{formatDistance(Number(base.lengthKm ?? 0) * 1000)}</dd>
              <dt>{fieldLabel('lastInspectionDate', language)}</dt>
              <dd>{base.lastInspectionDate ? formatDate(String(base.lastInspectionDate)) : '—'}</dd>
              <dt>{pick(language, ['下次联检', 'Next inspection due'])}</dt>
              <dd data-state={String(base.inspectionState)}>
                {base.nextInspectionDue ? formatDate(String(base.nextInspectionDue)) : '—'}
                {base.inspectionState === 'overdue' && (
                  <strong className="ba-overdue"> {pick(language, ['已逾期', 'overdue'])}</strong>
                )}
              </dd>
            </dl>
          )}
          {kind === 'boundary-markers' && (
            <dl className="ba-facts">
              <dt>{fieldLabel('lineId', language)}</dt>
              <dd>{String(base.lineName ?? base.lineId)}</dd>
              <dt>{pick(language, ['距界线', 'From line'])}</dt>
              <dd>
                {base.distanceToLineM !== undefined ? formatDistance(Number(base.distanceToLineM)) : '—'}
              </dd>
              {canEdit && (
                <>
                  <dt>{fieldLabel('geometry', language)}</dt>
                  <dd>
                    {pick(language, ['在地图上拖动界桩可移动位置', 'Drag the marker on the map to move it'])}
                  </dd>
                </>
              )}
            </dl>
          )}
          {fields.map(([name, spec]) => (
            <div key={name} className={`ba-field ${spec.type === 'checkbox' ? 'ba-check' : ''}`}>
              <label htmlFor={`ba-${name}`}>{fieldLabel(name, language)}</label>
              {input(name, spec)}
              {fieldErrors[name] && (
                <span className="ba-error" role="alert">
                  {fieldErrors[name]}
                </span>
              )}
            </div>
          ))}
          {kind === 'boundary-markers' && (
            <div className="ba-field">
              <span>{fieldLabel('photoIds', language)}</span>
              <PhotoInput
                photoIds={(current.photoIds as number[] | undefined) ?? []}
                disabled={!canEdit}
                onChange={(ids) => setDraft((d) => ({ ...d, photoIds: ids }))}
              />
            </div>
          )}
          {canEdit && (
            <>
              <div className="ba-field">
                <label htmlFor="ba-reason">
                  {fieldLabel('reason', language)}
                  {needsReason && <em className="ba-required"> *</em>}
                </label>
                <textarea
                  id="ba-reason"
                  name="reason"
                  rows={2}
                  value={reason}
                  required={needsReason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder={
                    needsReason
                      ? pick(language, [
                          '修改状态、状况或位置需要说明理由',
                          'A status, condition or location change needs a reason',
                        ])
                      : pick(language, ['可选', 'Optional'])
                  }
                />
                {fieldErrors.reason && <span className="ba-error">{fieldErrors.reason}</span>}
              </div>
              {saveError !== undefined && <ErrorMessage error={saveError} />}
              {saved && !dirty && (
                <p className="ba-ok" role="status">
                  {pick(language, ['已保存', 'Saved'])}
                </p>
              )}
              <div className="ba-actions">
                <button
                  type="button"
                  className="ba-button"
                  disabled={!dirty || saving}
                  onClick={() => {
                    setDraft({});
                    setFieldErrors({});
                  }}
                >
                  {pick(language, ['撤销修改', 'Discard'])}
                </button>
                <button
                  type="submit"
                  className="ba-button ba-primary"
                  disabled={!dirty || saving || (needsReason && !reason.trim())}
                  data-testid="save"
                >
                  {saving ? pick(language, ['保存中…', 'Saving…']) : pick(language, ['保存', 'Save'])}
                </button>
              </div>
            </>
          )}
        </form>
      )}

      {tab === 'history' && (
        <HistoryPanel
          kind={kind}
          id={id}
          revision={revision}
          canRestore={canEdit}
          onRestored={(record) => {
            adopt(record);
            layer?.refreshTiles();
          }}
        />
      )}

      {tab === 'inspections' && kind === 'boundary-lines' && (
        <InspectionPanel
          line={base}
          canEdit={canEdit}
          onLineChanged={() => boundaryApi.get(kind, id).then((r) => adopt(r))}
        />
      )}

      {conflict && (
        <ConflictDialog
          theirs={conflict.theirs}
          mine={conflict.mine}
          onUseTheirs={() => {
            adopt(conflict.theirs);
            setConflict(null);
          }}
          onMerge={() => {
            adopt(conflict.theirs, conflict.mine);
            setConflict(null);
          }}
          onKeepMine={() => {
            const theirs = conflict.theirs;
            const mine = conflict.mine;
            setConflict(null);
            adopt(theirs, mine);
            void save(
              mine,
              reason.trim() || pick(language, ['冲突后确认保留我的修改', 'kept mine after a conflict']),
              theirs.version,
            );
          }}
        />
      )}

      {move && (
        <ReasonDialog
          title={pick(language, ['移动界桩？', 'Move this marker?'])}
          message={pick(language, [
            `将界桩 ${String(base.number)} 移动 ${formatDistance(haversineMetres(move.from, move.to))}。`,
            `Move marker ${String(base.number)} by ${formatDistance(haversineMetres(move.from, move.to))}.`,
          ])}
          reasonRequired
          onCancel={() => {
            setMove(null);
            layer?.show(current.geometry as { type: string; coordinates: unknown }, {
              condition: current.condition,
            });
          }}
          onConfirm={(why) => {
            const geometry = { type: 'Point', coordinates: move.to.map((c) => Math.round(c * 1e7) / 1e7) };
            setMove(null);
            setDraft((d) => ({ ...d, geometry }));
            void save({ ...changesOf(base, draft), geometry }, why, base.version);
          }}
        />
      )}
    </section>
  );
}
