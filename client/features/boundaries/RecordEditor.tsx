// Edit form for one boundary line or marker: fields in one column, a reason when the status,
// condition or location changes, errors next to their fields, history with restore, a conflict
// dialog on 412, and (markers) dragging on the map with confirmation and a reason.
import { type ReactNode, useEffect, useState } from 'react';
import { haversineMetres } from '../../../server/contract/geodesy.ts';
import {
  LINE_STATUSES,
  MARKER_CONDITIONS,
  MARKER_MATERIALS,
  MARKER_TYPES,
  REASON_REQUIRED_FOR,
} from '../../../server/contract/vocabularies.ts';
import { formatDate, formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, ReasonField, SaveActions } from '../../ui/fields.tsx';
import { Tabs } from '../../ui/Tabs.tsx';
import { useAuth } from '../auth/auth.tsx';
import { SignInLink } from '../auth/SignInLink.tsx';
import { boundaryApi } from './boundaryApi.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { EditorHeader } from './EditorHeader.tsx';
import type { BoundaryEditLayer } from './editLayer.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { InspectionPanel } from './InspectionPanel.tsx';
import { PhotoInput } from './PhotoInput.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { fieldLabel, valueLabel } from './text.ts';
import { useRecordDraft } from './useRecordDraft.ts';

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

interface Props {
  kind: 'boundary-lines' | 'boundary-markers';
  id: number;
  layer: BoundaryEditLayer | null;
  onClose: () => void;
}

export function RecordEditor({ kind, id, layer, onClose }: Props) {
  const { language, t } = useI18n();
  const auth = useAuth();
  const canEdit = auth.can('boundary_editor');
  const record = useRecordDraft(kind, id, {
    onSaved: () => {
      setReason('');
      layer?.refreshTiles();
    },
  });
  const { base, draft, setDraft, dirty, fieldErrors, adopt } = record;
  const [reason, setReason] = useState('');
  const [move, setMove] = useState<{ to: [number, number]; from: [number, number] } | null>(null);
  const [tab, setTab] = useState<'edit' | 'history' | 'inspections'>('edit');

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
    const saved = await record.save(changes, why, version);
    // A refused move puts the handle back where the record is.
    if (!saved && changes.geometry) setDraft((d) => ({ ...d, geometry: base?.geometry }));
  };

  // Dragging the marker: confirm with a reason, then save the new position.
  useEffect(() => {
    if (!layer || kind !== 'boundary-markers' || !canEdit) return;
    return layer.onMarkerMoved((to, from) => setMove({ to, from }));
  }, [layer, kind, canEdit]);

  if (record.loadError !== undefined) return <ErrorMessage error={record.loadError} />;
  if (!base) return <p className="ba-muted">{t('boundaries.loading')}</p>;

  const { current, changes } = record;
  const needsReason = (REASON_REQUIRED_FOR[kind] as readonly string[]).some((f) => f in changes);
  const fields = kind === 'boundary-markers' ? MARKER_FIELDS : LINE_FIELDS;
  const title =
    kind === 'boundary-markers'
      ? `${t('boundaries.marker')} ${String(base.number)}`
      : `${t('boundaries.line2')} ${String(base.name)}`;

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
      <Tabs
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'edit', label: canEdit ? t('boundaries.edit') : t('boundaries.details') },
          { id: 'history', label: t('boundaries.history'), testId: 'tab-history', shown: auth.user !== null },
          {
            id: 'inspections',
            label: t('boundaries.inspections'),
            testId: 'tab-inspections',
            shown: kind === 'boundary-lines' && auth.user !== null,
          },
        ]}
      />

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
              {t('boundaries.signInToEdit')} <SignInLink className="ba-link" />
            </p>
          )}
          {kind === 'boundary-lines' && (
            <dl className="ba-facts">
              <dt>{t('boundaries.units')}</dt>
              <dd>
                {String(base.leftUnitName)} — {String(base.rightUnitName)}
              </dd>
              <dt>{t('boundaries.length')}</dt>
              <dd>{formatDistance(Number(base.lengthKm ?? 0) * 1000)}</dd>
              <dt>{fieldLabel('lastInspectionDate', language)}</dt>
              <dd>{base.lastInspectionDate ? formatDate(String(base.lastInspectionDate)) : '—'}</dd>
              <dt>{t('boundaries.nextInspectionDue')}</dt>
              <dd data-state={String(base.inspectionState)}>
                {base.nextInspectionDue ? formatDate(String(base.nextInspectionDue)) : '—'}
                {base.inspectionState === 'overdue' && (
                  <strong className="ba-overdue"> {t('boundaries.overdue')}</strong>
                )}
              </dd>
            </dl>
          )}
          {kind === 'boundary-markers' && (
            <dl className="ba-facts">
              <dt>{fieldLabel('lineId', language)}</dt>
              <dd>{String(base.lineName ?? base.lineId)}</dd>
              <dt>{t('boundaries.fromLine')}</dt>
              <dd>
                {base.distanceToLineM !== undefined ? formatDistance(Number(base.distanceToLineM)) : '—'}
              </dd>
              {canEdit && (
                <>
                  <dt>{fieldLabel('geometry', language)}</dt>
                  <dd>{t('boundaries.dragTheMarkerOn')}</dd>
                </>
              )}
            </dl>
          )}
          {fields.map(([name, spec]) => (
            <Field
              key={name}
              name={name}
              label={fieldLabel(name, language)}
              htmlFor={`ba-${name}`}
              errors={fieldErrors}
              className={spec.type === 'checkbox' ? 'ba-check' : undefined}
            >
              {input(name, spec)}
            </Field>
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
              <ReasonField
                id="ba-reason"
                label={fieldLabel('reason', language)}
                value={reason}
                onChange={setReason}
                required={needsReason}
                placeholder={needsReason ? t('boundaries.aStatusConditionOr') : t('boundaries.optional2')}
                errors={fieldErrors}
              />
              {record.saveError !== undefined && <ErrorMessage error={record.saveError} />}
              <SaveActions
                saving={record.saving}
                saved={record.saved && !dirty}
                back={{ label: t('boundaries.discard'), disabled: !dirty, onClick: record.discard }}
                canSave={dirty && !(needsReason && !reason.trim())}
                saveTestId="save"
              />
            </>
          )}
        </form>
      )}

      {tab === 'history' && (
        <HistoryPanel
          kind={kind}
          id={id}
          revision={record.revision}
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

      <ConflictDialog record={record} reason={reason} />

      {move && (
        <ReasonDialog
          title={t('boundaries.moveThisMarker')}
          message={t('boundaries.moveMarkerBy', {
            number: String(base.number),
            distance: formatDistance(haversineMetres(move.from, move.to)),
          })}
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
            void save({ ...changes, geometry }, why, base.version);
          }}
        />
      )}
    </section>
  );
}
