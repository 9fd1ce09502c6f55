// One dispute: a card for anyone, an edit form for staff (a stage change needs a reason; only
// the transitions the API allows are offered; 412 → conflict dialog), or the new-dispute form with
// the area drawn on the map. Validation problems appear next to the inputs they concern.
import { type ReactNode, useEffect, useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, FieldError, ReasonField, SaveActions, SaveError } from '../../ui/fields.tsx';
import { Tabs } from '../../ui/Tabs.tsx';
import { useAuth } from '../auth/auth.tsx';
import { SignInLink } from '../auth/SignInLink.tsx';
import type { BoundaryRecord } from './boundaryApi.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { DrawBar, useDrawing } from './DisputeDrawing.tsx';
import { CLAIM_COLOURS, type DisputeLayer, polygonOf } from './disputeLayer.ts';
import {
  CAUSES,
  type Claim,
  NEXT_STAGES,
  type Party,
  RISKS,
  STAGES,
  shownInForm,
  today,
} from './disputes.ts';
import { EditorHeader } from './EditorHeader.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { fieldLabel, valueLabel } from './text.ts';
import { useRecordDraft } from './useRecordDraft.ts';

interface FormProps {
  /** null: a new dispute. */
  id: number | null;
  districtCode: string;
  lines: BoundaryRecord[];
  layer: DisputeLayer | null;
  onSaved: (record: BoundaryRecord) => void;
  onClose: () => void;
}

export function DisputeForm({ id, districtCode, lines, layer, onSaved, onClose }: FormProps) {
  const { language, t } = useI18n();
  const auth = useAuth();
  const canEdit = auth.can('boundary_editor');
  const record = useRecordDraft('disputes', id, {
    initial: {
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
    },
    createWith: { districtCode },
    warnOnLeave: canEdit,
    onSaved: (saved) => {
      setReason('');
      onSaved(saved);
    },
  });
  const { base, current, changes, dirty, set, setDraft } = record;
  const [reason, setReason] = useState('');
  /** Problems found before sending (a stage change without a reason). */
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...record.fieldErrors, ...localErrors };
  const [tab, setTab] = useState<'edit' | 'history'>('edit');
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

  // A finished area replaces the old one; a finished claim line replaces that party's.
  const {
    drawing,
    vertices,
    start: startDrawing,
    cancel: cancelDrawing,
  } = useDrawing(layer, (target, points) => {
    if (target.target === 'area') {
      if (points.length >= 3) set('area', polygonOf(points));
    } else if (points.length >= 2) {
      const party = parties[target.party]?.name ?? '';
      setDraft((d) => {
        const list = ((d.claims ?? base?.claims ?? []) as Claim[]).filter((c) => c.party !== party);
        return { ...d, claims: [...list, { party, geometry: { type: 'LineString', coordinates: points } }] };
      });
    }
  });

  if (record.loadError !== undefined) return <ErrorMessage error={record.loadError} />;
  if (id !== null && !base) return <p className="ba-muted">{t('boundaries.loading')}</p>;

  const staff = auth.user !== null;
  const editable = canEdit && !drawing;
  const stageOptions =
    id === null ? STAGES : [String(base?.stage), ...(NEXT_STAGES[String(base?.stage)] ?? [])];

  const row = (name: string, control: ReactNode) => (
    <Field key={name} name={name} label={fieldLabel(name, language)} htmlFor={`bd-${name}`} errors={errors}>
      {control}
    </Field>
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

  const date = (name: string) => (
    <input
      id={`bd-${name}`}
      name={name}
      type="date"
      disabled={!editable}
      value={String(current[name] ?? '')}
      aria-invalid={errors[name] ? true : undefined}
      onChange={(e) => set(name, e.target.value || null)}
    />
  );

  const title =
    id === null
      ? t('boundaries.newDispute')
      : typeof base?.title === 'string'
        ? base.title
        : `${t('boundaries.dispute')} #${id}`;

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
        <Tabs
          value={tab}
          onChange={setTab}
          tabs={[
            { id: 'edit', label: canEdit ? t('boundaries.edit') : t('boundaries.details') },
            { id: 'history', label: t('boundaries.history'), testId: 'dispute-tab-history' },
          ]}
        />
      )}

      {tab === 'history' && id !== null && (
        <HistoryPanel
          kind="disputes"
          id={id}
          revision={record.revision}
          canRestore={canEdit}
          onRestored={(restored) => {
            record.adopt(restored);
            onSaved(restored);
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
            <dt>{t('boundaries.line')}</dt>
            <dd>{line ? String(line.name) : '—'}</dd>
            <dt>{fieldLabel('discoveredOn', language)}</dt>
            <dd>{base.discoveredOn ? formatDate(String(base.discoveredOn)) : '—'}</dd>
          </dl>
          <p className="ba-hint">
            {t('boundaries.partiesAreaAndDetails')} <SignInLink className="ba-link" />
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
              setLocalErrors({ reason: t('boundaries.aStageChangeNeeds') });
              return;
            }
            setLocalErrors({});
            void record.save(changes, reason.trim());
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
                  aria-label={`${t('boundaries.partyName')} ${i + 1}`}
                  placeholder={t('boundaries.unitEGA')}
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
                    aria-label={t('boundaries.removeParty')}
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
                {t('boundaries.addParty')}
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
              <option value="">{t('boundaries.none')}</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {String(l.name)}
                </option>
              ))}
            </select>,
          )}
          {row('discoveredOn', date('discoveredOn'))}
          {current.stage === 'adjudicated' && (
            <>
              {row('resolvedOn', date('resolvedOn'))}
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
                  {area ? t('boundaries.drawn') : t('boundaries.notDrawn')}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className="ba-button"
                    disabled={drawing !== null}
                    onClick={() => startDrawing({ target: 'area' })}
                    data-testid="draw-area"
                  >
                    {area ? t('boundaries.redrawArea') : t('boundaries.drawTheAreaOn')}
                  </button>
                )}
              </div>
            )}
            <FieldError errors={errors} name="area" />
          </div>

          <div className="ba-field ba-draw">
            <span>
              {fieldLabel('claims', language)} <span className="ba-muted">{t('boundaries.optional')}</span>
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
                    {party.name || `#${i + 1}`}：{claim ? t('boundaries.drawn2') : t('boundaries.none2')}
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
                          {t('boundaries.draw')}
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
                            {t('boundaries.clear')}
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
                <ReasonField
                  id="bd-reason"
                  label={fieldLabel('reason', language)}
                  value={reason}
                  onChange={setReason}
                  required={stageChanged}
                  placeholder={stageChanged ? t('boundaries.aStageChangeNeeds') : t('boundaries.optional2')}
                  errors={errors}
                />
              )}
              {record.saveError !== undefined && <SaveError error={record.saveError} shown={shownInForm} />}
              <SaveActions
                saving={record.saving}
                saved={record.saved && !dirty}
                back={{
                  label: id === null ? t('boundaries.cancel') : t('boundaries.discard'),
                  disabled: false,
                  onClick: () => {
                    if (id === null) onClose();
                    else {
                      record.discard();
                      setLocalErrors({});
                    }
                  },
                }}
                canSave={dirty && drawing === null}
                saveTestId="dispute-save"
              />
            </>
          )}
        </form>
      )}

      <ConflictDialog record={record} reason={reason} />
    </section>
  );
}
