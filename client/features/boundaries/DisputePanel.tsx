// Disputes (争议) in the boundary panel: the district's list (stage, risk, line), a card for anyone,
// an edit form for staff (a stage change needs a reason; only the transitions the API allows are
// offered; 412 → conflict dialog), and the "新建争议" form with the area drawn on the map.
// Validation problems (422) appear next to the inputs they concern.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  DISPUTE_CAUSES,
  DISPUTE_STAGES,
  RISK_LEVELS,
  TRANSITIONS,
} from '../../../server/contract/vocabularies.ts';
import { ApiError } from '../../api/client.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useAuth } from '../auth/auth.tsx';
import { type BoundaryRecord, boundaryApi, ConflictError } from './boundaryApi.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { CLAIM_COLOURS, DISPUTE_RED, type DisputeLayer, polygonOf } from './disputeLayer.ts';
import { EditorHeader } from './EditorHeader.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { fieldLabel, pick, valueLabel } from './text.ts';

export const STAGES = DISPUTE_STAGES;
const NEXT_STAGES: Record<string, readonly string[]> = TRANSITIONS.disputes;
const CAUSES = DISPUTE_CAUSES;
const RISKS = RISK_LEVELS;

export const isOpen = (d: BoundaryRecord) => d.stage !== 'adjudicated' && !d.deletedAt;

/** 422/400 details by field, `body.` removed; several problems for one field are joined. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError && error.details)
    for (const d of error.details) {
      if (!d.field) continue;
      const field = d.field.replace(/^body\./, '');
      out[field] = out[field] ? `${out[field]}; ${d.problem ?? ''}` : (d.problem ?? '');
    }
  return out;
}

const today = () => new Date().toISOString().slice(0, 10);

function FieldError({ errors, name }: { errors: Record<string, string>; name: string }) {
  const message = Object.entries(errors)
    .filter(([field]) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`))
    .map(([field, problem]) => (field === name ? problem : `${field}: ${problem}`))
    .join('; ');
  if (!message) return null;
  return (
    <span className="ba-error" role="alert" data-error-for={name}>
      {message}
    </span>
  );
}

/**
 * A refused save: when the server named the fields, they are marked next to the inputs, so this
 * only says how many and lists problems with fields the form does not show; otherwise the error.
 */
export function SaveError({ error, shown }: { error: unknown; shown: (field: string) => boolean }) {
  const { language } = useI18n();
  const byField = fieldErrorsOf(error);
  const fields = Object.keys(byField);
  if (fields.length === 0) return <ErrorMessage error={error} />;
  const hidden = fields.filter((f) => !shown(f));
  return (
    <div className="error-message" role="alert" data-testid="save-error">
      <span>
        {pick(language, [
          `未保存：请修正标出的 ${fields.length} 处问题。`,
          `Not saved: please fix the ${fields.length} problem(s) marked.`,
        ])}
        {hidden.map((f) => ` ${f}: ${byField[f]}`).join(';')}
      </span>
    </div>
  );
}

const FORM_FIELDS = [
  'title',
  'parties',
  'causeType',
  'cause',
  'stage',
  'riskLevel',
  'lineId',
  'discoveredOn',
  'resolvedOn',
  'resolution',
  'area',
  'claims',
  'reason',
];
const shownInForm = (field: string) =>
  FORM_FIELDS.some((f) => field === f || field.startsWith(`${f}[`) || field.startsWith(`${f}.`));

function RiskBadge({ level }: { level: unknown }) {
  const { language } = useI18n();
  if (typeof level !== 'string') return null;
  return (
    <span className={`ba-risk ba-risk-${level}`}>
      {pick(language, ['风险', 'Risk'])} {valueLabel(level, language)}
    </span>
  );
}

// --- The list ---------------------------------------------------------------------------------

interface ListProps {
  disputes: BoundaryRecord[] | undefined;
  error: unknown;
  lineName: (id: unknown) => string;
  onOpen: (id: number) => void;
  onNew: (() => void) | null;
}

export function DisputeList({ disputes, error, lineName, onOpen, onNew }: ListProps) {
  const { language } = useI18n();
  const [showClosed, setShowClosed] = useState(false);
  const open = (disputes ?? []).filter(isOpen);
  const shown = showClosed ? (disputes ?? []) : open;
  return (
    <section className="ba-disputes" data-testid="dispute-list" aria-labelledby="ba-disputes-title">
      <header className="ba-section-head">
        <h3 id="ba-disputes-title">
          {pick(language, ['界线争议', 'Boundary disputes'])}{' '}
          <span className="ba-muted">{disputes ? open.length : '…'}</span>
        </h3>
        {onNew && (
          <button type="button" className="ba-button ba-primary" onClick={onNew} data-testid="new-dispute">
            {pick(language, ['新建争议', 'New dispute'])}
          </button>
        )}
      </header>
      <p className="ba-legend">
        <span className="ba-legend-item">
          <span className="ba-hatch" aria-hidden="true" />
          {pick(language, ['争议区域', 'Disputed area'])}
        </span>
        <span className="ba-legend-item">
          <span className="ba-claim" style={{ borderColor: CLAIM_COLOURS[0] }} aria-hidden="true" />
          <span className="ba-claim" style={{ borderColor: CLAIM_COLOURS[1] }} aria-hidden="true" />
          {pick(language, ['各方主张线', 'Claim lines'])}
        </span>
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      {disputes && shown.length === 0 && (
        <p className="ba-muted">{pick(language, ['暂无未结争议', 'No open disputes'])}</p>
      )}
      <ul className="ba-dispute-items">
        {shown.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className="ba-dispute-item"
              onClick={() => onOpen(d.id)}
              data-testid="dispute-item"
              data-id={d.id}
              data-stage={String(d.stage)}
            >
              <span className="ba-dispute-title">
                {typeof d.title === 'string'
                  ? d.title
                  : `${pick(language, ['争议', 'Dispute'])} #${d.id} · ${valueLabel(d.causeType, language)}`}
              </span>
              <span className="ba-dispute-meta">
                <span className={`ba-stage ba-stage-${String(d.stage)}`}>
                  {valueLabel(d.stage, language)}
                </span>
                <RiskBadge level={d.riskLevel} />
                <span className="ba-muted">{d.lineId ? lineName(d.lineId) : '—'}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {disputes && disputes.length > open.length && (
        <label className="ba-check ba-field">
          <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
          <span>{pick(language, ['显示已裁决', 'Show adjudicated'])}</span>
        </label>
      )}
    </section>
  );
}

// --- The form (new or existing) ---------------------------------------------------------------

interface Party {
  name: string;
  unitCode?: string | null;
}
interface Claim {
  party: string;
  geometry: GeoJSON.Geometry;
  note?: string | null;
}

interface FormProps {
  /** null: a new dispute. */
  id: number | null;
  districtCode: string;
  lines: BoundaryRecord[];
  layer: DisputeLayer | null;
  onSaved: (record: BoundaryRecord) => void;
  onClose: () => void;
}

type Drawing = { target: 'area' } | { target: 'claim'; party: number };

export function DisputeForm({ id, districtCode, lines, layer, onSaved, onClose }: FormProps) {
  const { language } = useI18n();
  const auth = useAuth();
  const canEdit = auth.can('boundary_editor');
  const [base, setBase] = useState<BoundaryRecord | null>(null);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [draft, setDraft] = useState<Record<string, unknown>>(() =>
    id === null
      ? {
          title: '',
          parties: [
            { name: '', unitCode: null },
            { name: '', unitCode: null },
          ],
          causeType: 'land',
          cause: null,
          stage: 'found',
          riskLevel: 'medium',
          lineId: null,
          discoveredOn: today(),
          area: null,
          claims: [],
        }
      : {},
  );
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [tab, setTab] = useState<'edit' | 'history'>('edit');
  const [revision, setRevision] = useState(0);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [vertices, setVertices] = useState(0);
  const [conflict, setConflict] = useState<{ theirs: BoundaryRecord; mine: Record<string, unknown> } | null>(
    null,
  );
  const drawingRef = useRef<Drawing | null>(null);
  drawingRef.current = drawing;

  useEffect(() => {
    if (id === null) return;
    let cancelled = false;
    setBase(null);
    boundaryApi.get('disputes', id).then(
      (record) => {
        if (cancelled) return;
        setBase(record);
        setDraft({});
      },
      (error) => !cancelled && setLoadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [id]);

  const current: Record<string, unknown> = { ...(base ?? {}), ...draft };
  const changes =
    id === null
      ? draft
      : Object.fromEntries(
          Object.entries(draft).filter(([k, v]) => JSON.stringify(base?.[k] ?? null) !== JSON.stringify(v)),
        );
  const dirty = Object.keys(changes).length > 0;
  const stageChanged = id !== null && 'stage' in changes;
  const parties = (current.parties as Party[] | undefined) ?? [];
  const claims = (current.claims as Claim[] | undefined) ?? [];
  const area = (current.area as GeoJSON.Geometry | null | undefined) ?? null;
  const line = lines.find((l) => l.id === current.lineId);

  // Show this dispute's area and claims on the map while the form is open.
  useEffect(() => {
    if (!layer) return;
    layer.setPreview({
      id: id ?? -1,
      stage: String(current.stage ?? 'found'),
      area,
      claims,
      lineGeometry: (line?.geometry as GeoJSON.Geometry | undefined) ?? null,
    });
  }, [layer, id, area, claims, current.stage, line]);
  useEffect(
    () => () => {
      layer?.setPreview(null);
      layer?.clearDraft();
    },
    [layer],
  );

  // Nothing is lost: leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty || !canEdit) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, canEdit]);

  const set = (name: string, value: unknown) => setDraft((d) => ({ ...d, [name]: value }));

  const startDrawing = (target: Drawing) => {
    if (!layer) return;
    setDrawing(target);
    setVertices(0);
    layer.startDraft(target.target === 'area' ? 'polygon' : 'line', (points, done) => {
      setVertices(points.length);
      if (!done) return;
      const t = drawingRef.current;
      setDrawing(null);
      layer.clearDraft();
      if (!t) return;
      if (t.target === 'area') {
        if (points.length >= 3) set('area', polygonOf(points));
      } else if (points.length >= 2) {
        const party = parties[t.party]?.name ?? '';
        setDraft((d) => {
          const list = ((d.claims ?? base?.claims ?? []) as Claim[]).filter((c) => c.party !== party);
          return {
            ...d,
            claims: [...list, { party, geometry: { type: 'LineString', coordinates: points } }],
          };
        });
      }
    });
  };
  const cancelDrawing = () => {
    setDrawing(null);
    layer?.clearDraft();
  };

  const submit = async (body: Record<string, unknown>, version: number | null, why: string) => {
    setSaving(true);
    setErrors({});
    setSaveError(undefined);
    setSaved(false);
    try {
      const record =
        version === null
          ? await boundaryApi.create('disputes', { ...body, districtCode })
          : await boundaryApi.update('disputes', id as number, version, body, why || undefined);
      setBase(record);
      setDraft({});
      setReason('');
      setSaved(true);
      setRevision((n) => n + 1);
      onSaved(record);
    } catch (error) {
      if (error instanceof ConflictError) setConflict({ theirs: error.theirs, mine: body });
      else {
        setErrors(fieldErrorsOf(error));
        setSaveError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  if (loadError !== undefined) return <ErrorMessage error={loadError} />;
  if (id !== null && !base) return <p className="ba-muted">{pick(language, ['加载中…', 'Loading…'])}</p>;

  const staff = auth.user !== null;
  const editable = canEdit && !drawing;
  const stageOptions =
    id === null ? STAGES : [String(base?.stage), ...(NEXT_STAGES[String(base?.stage)] ?? [])];

  const row = (name: string, control: ReactNode) => (
    <div className="ba-field" key={name}>
      <label htmlFor={`bd-${name}`}>{fieldLabel(name, language)}</label>
      {control}
      <FieldError errors={errors} name={name} />
    </div>
  );
  const select = (name: string, options: readonly string[]) => (
    <select
      id={`bd-${name}`}
      name={name}
      disabled={!editable}
      value={String(current[name] ?? '')}
      aria-invalid={errors[name] ? true : undefined}
      onChange={(e) => set(name, e.target.value)}
    >
      {options.map((o) => (
        <option key={o} value={o}>
          {valueLabel(o, language)}
        </option>
      ))}
    </select>
  );
  const text = (name: string, multiline = false) =>
    multiline ? (
      <textarea
        id={`bd-${name}`}
        name={name}
        rows={2}
        disabled={!editable}
        value={String(current[name] ?? '')}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(e) => set(name, e.target.value || null)}
      />
    ) : (
      <input
        id={`bd-${name}`}
        name={name}
        type="text"
        disabled={!editable}
        value={String(current[name] ?? '')}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(e) => set(name, e.target.value)}
      />
    );

  const title =
    id === null
      ? pick(language, ['新建争议', 'New dispute'])
      : typeof base?.title === 'string'
        ? base.title
        : `${pick(language, ['争议', 'Dispute'])} #${id}`;

  return (
    <section
      className="ba-editor"
      data-testid="dispute-form"
      data-id={id ?? ''}
      data-version={base?.version ?? ''}
      data-stage={String(base?.stage ?? '')}
    >
      <EditorHeader title={title} version={base?.version} onClose={onClose} />
      {id !== null && staff && (
        <div className="ba-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'edit'} onClick={() => setTab('edit')}>
            {canEdit ? pick(language, ['编辑', 'Edit']) : pick(language, ['详情', 'Details'])}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'history'}
            onClick={() => setTab('history')}
            data-testid="dispute-tab-history"
          >
            {pick(language, ['历史', 'History'])}
          </button>
        </div>
      )}

      {tab === 'history' && id !== null && (
        <HistoryPanel
          kind="disputes"
          id={id}
          revision={revision}
          canRestore={canEdit}
          onRestored={(record) => {
            setBase(record);
            setDraft({});
            onSaved(record);
          }}
        />
      )}

      {tab === 'edit' && !staff && base && (
        <div className="ba-form" data-testid="dispute-public-card">
          <dl className="ba-facts">
            <dt>{fieldLabel('stage', language)}</dt>
            <dd>{valueLabel(base.stage, language)}</dd>
            <dt>{fieldLabel('causeType', language)}</dt>
            <dd>{valueLabel(base.causeType, language)}</dd>
            <dt>{pick(language, ['所涉界线', 'Line'])}</dt>
            <dd>{line ? String(line.name) : '—'}</dd>
            <dt>{fieldLabel('discoveredOn', language)}</dt>
            <dd>{base.discoveredOn ? formatDate(String(base.discoveredOn)) : '—'}</dd>
          </dl>
          <p className="ba-hint">
            {pick(language, [
              '争议各方、区域与缘由等详情仅对工作人员开放。',
              'Parties, area and details are visible to staff only.',
            ])}{' '}
            <button type="button" className="ba-link" onClick={auth.requestLogin}>
              {pick(language, ['登录', 'Sign in'])}
            </button>
          </p>
        </div>
      )}

      {tab === 'edit' && staff && (
        <form
          className="ba-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!dirty || drawing) return;
            if (stageChanged && !reason.trim()) {
              setErrors({
                reason: pick(language, ['修改阶段需要说明理由', 'A stage change needs a reason']),
              });
              return;
            }
            void submit(changes, id === null ? null : (base as BoundaryRecord).version, reason.trim());
          }}
        >
          {row('title', text('title'))}
          <fieldset className="ba-fieldset" aria-describedby="bd-parties-error">
            <legend>
              {fieldLabel('parties', language)} <span className="ba-muted">≥ 2</span>
            </legend>
            {parties.map((party, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parties have no id; a row is its position in the list
              <div className="ba-party" key={i}>
                <span
                  className="ba-claim"
                  style={{ borderColor: CLAIM_COLOURS[Math.min(i, 2)] }}
                  aria-hidden
                />
                <input
                  type="text"
                  name={`party-${i}`}
                  aria-label={`${pick(language, ['一方名称', 'Party name'])} ${i + 1}`}
                  placeholder={pick(language, ['单位名称，如 某某镇', 'Unit, e.g. a town'])}
                  disabled={!editable}
                  value={party.name}
                  aria-invalid={errors[`parties[${i}].name`] ? true : undefined}
                  onChange={(e) =>
                    set(
                      'parties',
                      parties.map((p, j) => (j === i ? { ...p, name: e.target.value } : p)),
                    )
                  }
                />
                {editable && parties.length > 2 && (
                  <button
                    type="button"
                    className="ba-icon-button"
                    aria-label={pick(language, ['删除此方', 'Remove party'])}
                    onClick={() =>
                      set(
                        'parties',
                        parties.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </button>
                )}
              </div>
            ))}
            {editable && (
              <button
                type="button"
                className="ba-button ba-small"
                onClick={() => set('parties', [...parties, { name: '', unitCode: null }])}
              >
                {pick(language, ['+ 增加一方', '+ Add party'])}
              </button>
            )}
            <FieldError errors={errors} name="parties" />
          </fieldset>
          {row('causeType', select('causeType', CAUSES))}
          {row('cause', text('cause', true))}
          {row('stage', select('stage', stageOptions))}
          {row('riskLevel', select('riskLevel', RISKS))}
          {row(
            'lineId',
            <select
              id="bd-lineId"
              name="lineId"
              disabled={!editable}
              value={current.lineId ? String(current.lineId) : ''}
              aria-invalid={errors.lineId ? true : undefined}
              onChange={(e) => {
                const lineId = e.target.value ? Number(e.target.value) : null;
                const chosen = lines.find((l) => l.id === lineId);
                setDraft((d) => {
                  const next: Record<string, unknown> = { ...d, lineId };
                  // A new dispute's parties default to the two units the line separates.
                  if (id === null && chosen && parties.every((p) => !p.name))
                    next.parties = [
                      { name: String(chosen.leftUnitName), unitCode: chosen.leftUnitCode ?? null },
                      { name: String(chosen.rightUnitName), unitCode: chosen.rightUnitCode ?? null },
                    ];
                  return next;
                });
              }}
            >
              <option value="">{pick(language, ['（未指定）', '(none)'])}</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {String(l.name)}
                </option>
              ))}
            </select>,
          )}
          {row(
            'discoveredOn',
            <input
              id="bd-discoveredOn"
              name="discoveredOn"
              type="date"
              disabled={!editable}
              value={String(current.discoveredOn ?? '')}
              aria-invalid={errors.discoveredOn ? true : undefined}
              onChange={(e) => set('discoveredOn', e.target.value || null)}
            />,
          )}
          {current.stage === 'adjudicated' && (
            <>
              {row(
                'resolvedOn',
                <input
                  id="bd-resolvedOn"
                  name="resolvedOn"
                  type="date"
                  disabled={!editable}
                  value={String(current.resolvedOn ?? '')}
                  onChange={(e) => set('resolvedOn', e.target.value || null)}
                />,
              )}
              {row('resolution', text('resolution', true))}
            </>
          )}

          <div className="ba-field ba-draw">
            <span>{fieldLabel('area', language)}</span>
            {drawing?.target === 'area' ? (
              <DrawBar vertices={vertices} min={3} layer={layer} onCancel={cancelDrawing} />
            ) : (
              <div className="ba-draw-row">
                <span className="ba-muted" data-testid="area-state">
                  {area ? pick(language, ['已绘制', 'Drawn']) : pick(language, ['未绘制', 'Not drawn'])}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className="ba-button"
                    disabled={drawing !== null}
                    onClick={() => startDrawing({ target: 'area' })}
                    data-testid="draw-area"
                  >
                    {area
                      ? pick(language, ['重新绘制区域', 'Redraw area'])
                      : pick(language, ['在地图上绘制区域', 'Draw the area on the map'])}
                  </button>
                )}
              </div>
            )}
            <FieldError errors={errors} name="area" />
          </div>

          <div className="ba-field ba-draw">
            <span>
              {fieldLabel('claims', language)}{' '}
              <span className="ba-muted">{pick(language, ['可选', 'optional'])}</span>
            </span>
            {parties.map((party, i) => {
              const claim = claims.find((c) => c.party === party.name && party.name);
              const here = drawing?.target === 'claim' && drawing.party === i;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: parties have no id; a row is its position in the list
                <div key={i} className="ba-draw-row">
                  <span
                    className="ba-claim"
                    style={{ borderColor: CLAIM_COLOURS[Math.min(i, 2)] }}
                    aria-hidden
                  />
                  <span className="ba-grow">
                    {party.name || `#${i + 1}`}：
                    {claim ? pick(language, ['已绘制', 'drawn']) : pick(language, ['无', 'none'])}
                  </span>
                  {here ? (
                    <DrawBar vertices={vertices} min={2} layer={layer} onCancel={cancelDrawing} />
                  ) : (
                    canEdit && (
                      <>
                        <button
                          type="button"
                          className="ba-button ba-small"
                          disabled={drawing !== null || !party.name}
                          onClick={() => startDrawing({ target: 'claim', party: i })}
                        >
                          {pick(language, ['绘制', 'Draw'])}
                        </button>
                        {claim && (
                          <button
                            type="button"
                            className="ba-button ba-small"
                            disabled={drawing !== null}
                            onClick={() =>
                              set(
                                'claims',
                                claims.filter((c) => c !== claim),
                              )
                            }
                          >
                            {pick(language, ['清除', 'Clear'])}
                          </button>
                        )}
                      </>
                    )
                  )}
                </div>
              );
            })}
            <FieldError errors={errors} name="claims" />
          </div>

          {canEdit && (
            <>
              {id !== null && (
                <div className="ba-field">
                  <label htmlFor="bd-reason">
                    {fieldLabel('reason', language)}
                    {stageChanged && <em className="ba-required"> *</em>}
                  </label>
                  <textarea
                    id="bd-reason"
                    name="reason"
                    rows={2}
                    value={reason}
                    aria-invalid={errors.reason ? true : undefined}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder={
                      stageChanged
                        ? pick(language, ['修改阶段需要说明理由', 'A stage change needs a reason'])
                        : pick(language, ['可选', 'Optional'])
                    }
                  />
                  <FieldError errors={errors} name="reason" />
                </div>
              )}
              {saveError !== undefined && <SaveError error={saveError} shown={shownInForm} />}
              {saved && !dirty && (
                <p className="ba-ok" role="status">
                  {pick(language, ['已保存', 'Saved'])}
                </p>
              )}
              <div className="ba-actions">
                <button
                  type="button"
                  className="ba-button"
                  disabled={saving}
                  onClick={() => {
                    if (id === null) onClose();
                    else {
                      setDraft({});
                      setErrors({});
                    }
                  }}
                >
                  {id === null ? pick(language, ['取消', 'Cancel']) : pick(language, ['撤销修改', 'Discard'])}
                </button>
                <button
                  type="submit"
                  className="ba-button ba-primary"
                  disabled={!dirty || saving || drawing !== null}
                  data-testid="dispute-save"
                >
                  {saving ? pick(language, ['保存中…', 'Saving…']) : pick(language, ['保存', 'Save'])}
                </button>
              </div>
            </>
          )}
        </form>
      )}

      {conflict && (
        <ConflictDialog
          theirs={conflict.theirs}
          mine={conflict.mine}
          onUseTheirs={() => {
            setBase(conflict.theirs);
            setDraft({});
            setConflict(null);
          }}
          onMerge={() => {
            setBase(conflict.theirs);
            setDraft(conflict.mine);
            setConflict(null);
          }}
          onKeepMine={() => {
            const { theirs, mine } = conflict;
            setConflict(null);
            setBase(theirs);
            setDraft(mine);
            void submit(
              mine,
              theirs.version,
              reason.trim() || pick(language, ['冲突后确认保留我的修改', 'kept mine after a conflict']),
            );
          }}
        />
      )}
    </section>
  );
}

function DrawBar({
  vertices,
  min,
  layer,
  onCancel,
}: {
  vertices: number;
  min: number;
  layer: DisputeLayer | null;
  onCancel: () => void;
}) {
  const { language } = useI18n();
  return (
    <div className="ba-drawbar" data-testid="draw-bar" style={{ borderColor: DISPUTE_RED }}>
      <span className="ba-grow" role="status">
        {pick(language, [
          `点击地图添加顶点（已 ${vertices} 个），双击或点“完成”结束`,
          `Tap the map to add points (${vertices} so far); double-click or “Done” to finish`,
        ])}
      </span>
      <button type="button" className="ba-button" onClick={onCancel}>
        {pick(language, ['取消', 'Cancel'])}
      </button>
      <button
        type="button"
        className="ba-button ba-primary"
        disabled={vertices < min}
        onClick={() => layer?.finishDraft()}
        data-testid="draw-done"
      >
        {pick(language, ['完成', 'Done'])}
      </button>
    </div>
  );
}
