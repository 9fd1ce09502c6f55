// Keeping the care map current, for planners: add a facility by clicking the map, edit it, drag it
// to its real place, change its status (with a reason), delete and restore it, read its history.
// Every save goes through the record API (If-Match; a 412 becomes a conflict to resolve), then the
// facility tiles and the coverage figures are read again.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FACILITY_OPERATOR_TERMS, FACILITY_STATUS_TERMS } from '../../../server/contract/vocabularies.ts';
import type { Meta } from '../../api/types.ts';
import { notifyDataChanged } from '../../app/dataChanges.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController, useMapOverlay } from '../../map/context.tsx';
import type { FeatureRef } from '../../map/MapController.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, ReasonField, SaveActions, SaveError } from '../../ui/fields.tsx';
import { useAuth } from '../auth/auth.tsx';
import { boundaryApi } from '../boundaries/boundaryApi.ts';
import { HistoryPanel } from '../boundaries/HistoryPanel.tsx';
import { useRecordDraft } from '../boundaries/useRecordDraft.ts';
import { PointEditLayer } from './pointEditLayer.ts';

type Point = [number, number];

interface Props {
  meta: Meta | undefined;
  selection?: FeatureRef | null;
  select: (ref: FeatureRef | null, center?: [number, number]) => void;
}

export function FacilityWorkspace({ meta, selection, select }: Props) {
  const { t } = useI18n();
  const { can, requestLogin } = useAuth();
  const [editing, setEditing] = useState<{ id: number | null; point: Point | null } | null>(null);
  const [placing, setPlacing] = useState(false);
  const onPoint = useRef<(point: Point, how: 'placed' | 'dragged') => void>(() => {});
  const layer = useMapOverlay(
    () => new PointEditLayer('facility-edit', '#1570ef', (point, how) => onPoint.current(point, how)),
    [],
  );
  const selected = selection?.collection === 'facilities' ? Number(selection.id) : null;

  useEffect(() => {
    if (selected !== null) setEditing({ id: selected, point: null });
  }, [selected]);
  useEffect(() => layer?.setPlacing(placing), [layer, placing]);
  useEffect(() => () => layer?.show(null), [layer]);

  onPoint.current = (point, how) => {
    if (how === 'placed') {
      setPlacing(false);
      setEditing({ id: null, point });
    } else setEditing((e) => (e ? { ...e, point } : e));
  };

  if (!can('planner'))
    return (
      <section className="ba-section" data-testid="facility-workspace">
        <p className="ba-muted">{t('records.signInAsPlanner')}</p>
        <button type="button" className="ba-button" onClick={requestLogin}>
          {t('auth.signIn')}
        </button>
      </section>
    );

  return (
    <section className="ba-section" data-testid="facility-workspace">
      {!editing && (
        <>
          <p className="ba-muted">{placing ? t('records.clickToPlace') : t('records.selectFacilityHint')}</p>
          <button
            type="button"
            className={placing ? 'ba-button' : 'ba-button ba-primary'}
            data-testid="add-facility"
            onClick={() => setPlacing(!placing)}
          >
            {placing ? t('records.cancel') : t('records.addFacility')}
          </button>
        </>
      )}
      {editing && layer && (
        <FacilityForm
          key={editing.id ?? 'new'}
          id={editing.id}
          point={editing.point}
          meta={meta}
          layer={layer}
          onClose={() => {
            setEditing(null);
            layer.show(null);
            select(null);
          }}
          onSaved={(id) => {
            setEditing({ id, point: null });
            if (selected !== id) select({ collection: 'facilities', id: String(id) });
          }}
        />
      )}
    </section>
  );
}

function FacilityForm({
  id,
  point,
  meta,
  layer,
  onClose,
  onSaved,
}: {
  id: number | null;
  point: Point | null;
  meta: Meta | undefined;
  layer: PointEditLayer;
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const { t, language, pick } = useI18n();
  const controller = useMapController();
  const [reason, setReason] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const afterSave = (saved: { id: number }) => {
    controller?.refreshTiles('facilities');
    notifyDataChanged('facilities');
    setReason('');
    onSaved(saved.id);
  };
  const draft = useRecordDraft('facilities', id, {
    initial: { status: 'operating', operator: 'public', subtype: 'community_station', name: '' },
    createWith: point ? { geometry: { type: 'Point', coordinates: point } } : {},
    onSaved: afterSave,
  });
  const c = draft.current;
  const geometry = (c.geometry as { coordinates?: Point } | undefined)?.coordinates ?? point;

  // The handle follows the record (or the clicked point) and may be dragged to move it.
  useEffect(() => {
    layer.show(point ?? (draft.base?.geometry as { coordinates: Point } | undefined)?.coordinates ?? null);
    layer.setDraggable(true);
    return () => layer.setDraggable(false);
  }, [layer, point, draft.base]);
  // A drag of an existing facility becomes a geometry change in the draft.
  useEffect(() => {
    if (id !== null && point) draft.set('geometry', { type: 'Point', coordinates: point });
  }, [id, point, draft.set]);

  const statusChanged = id !== null && draft.base !== null && c.status !== draft.base.status;
  const deleted = Boolean(draft.base?.deletedAt);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void draft.save(undefined, reason);
  };
  const numberOrNull = (value: string) => (value === '' ? null : Number(value));

  const remove = async () => {
    if (!draft.base || !reason.trim()) return;
    setActionError(undefined);
    try {
      const record = await boundaryApi.remove('facilities', draft.base.id, draft.base.version, reason.trim());
      draft.adopt(record);
      controller?.refreshTiles('facilities');
      notifyDataChanged('facilities');
      setDeleting(false);
      setReason('');
    } catch (error) {
      setActionError(error);
    }
  };

  if (id !== null && !draft.base && draft.loadError === undefined) return <p className="ba-muted">…</p>;
  return (
    <form className="ba-form" onSubmit={submit} data-testid="facility-form">
      <h3>{id === null ? t('records.newFacility') : t('records.editFacility')}</h3>
      {draft.loadError !== undefined && <ErrorMessage error={draft.loadError} />}
      {deleted && <p className="ba-badge">{t('records.deleted')}</p>}
      {id !== null && (
        <p className="ba-muted" data-testid="facility-place">
          {t('records.placeIn', {
            town: String(draft.base?.townName ?? ''),
            village: draft.base?.villageName ? ` ${String(draft.base.villageName)}` : '',
          })}
          {geometry ? ` · ${geometry[0].toFixed(5)}, ${geometry[1].toFixed(5)}` : ''}
        </p>
      )}
      <Field name="name" label={t('records.name')} htmlFor="facility-name" errors={draft.fieldErrors}>
        <input
          id="facility-name"
          value={String(c.name ?? '')}
          required
          onChange={(e) => draft.set('name', e.target.value)}
        />
      </Field>
      <Field
        name="subtype"
        label={t('records.subtype')}
        htmlFor="facility-subtype"
        errors={draft.fieldErrors}
      >
        <select
          id="facility-subtype"
          value={String(c.subtype ?? '')}
          onChange={(e) => draft.set('subtype', e.target.value)}
        >
          {(meta?.facilitySubtypes ?? []).map((s) => (
            <option key={s.subtype} value={s.subtype}>
              {pick(s.nameZh, s.nameEn)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="operator"
        label={t('records.operator')}
        htmlFor="facility-operator"
        errors={draft.fieldErrors}
      >
        <select
          id="facility-operator"
          value={String(c.operator ?? '')}
          onChange={(e) => draft.set('operator', e.target.value)}
        >
          {FACILITY_OPERATOR_TERMS.map((o) => (
            <option key={o.code} value={o.code}>
              {o[language]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="status" label={t('records.status')} htmlFor="facility-status" errors={draft.fieldErrors}>
        <select
          id="facility-status"
          value={String(c.status ?? '')}
          onChange={(e) => draft.set('status', e.target.value)}
        >
          {FACILITY_STATUS_TERMS.map((s) => (
            <option key={s.code} value={s.code}>
              {s[language]}
            </option>
          ))}
        </select>
      </Field>
      <div className="ba-row">
        <Field name="beds" label={t('records.beds')} htmlFor="facility-beds" errors={draft.fieldErrors}>
          <input
            id="facility-beds"
            type="number"
            min={0}
            value={c.beds === null || c.beds === undefined ? '' : String(c.beds)}
            onChange={(e) => draft.set('beds', numberOrNull(e.target.value))}
          />
        </Field>
        <Field
          name="nursingBeds"
          label={t('records.nursingBeds')}
          htmlFor="facility-nursing"
          errors={draft.fieldErrors}
        >
          <input
            id="facility-nursing"
            type="number"
            min={0}
            value={c.nursingBeds === null || c.nursingBeds === undefined ? '' : String(c.nursingBeds)}
            onChange={(e) => draft.set('nursingBeds', numberOrNull(e.target.value))}
          />
        </Field>
      </div>
      <Field name="phone" label={t('records.phone')} htmlFor="facility-phone" errors={draft.fieldErrors}>
        <input
          id="facility-phone"
          value={String(c.phone ?? '')}
          onChange={(e) => draft.set('phone', e.target.value || null)}
        />
      </Field>
      <Field
        name="address"
        label={t('records.address')}
        htmlFor="facility-address"
        errors={draft.fieldErrors}
      >
        <input
          id="facility-address"
          value={String(c.address ?? '')}
          onChange={(e) => draft.set('address', e.target.value || null)}
        />
      </Field>
      {id !== null && !deleted && <p className="ba-muted">{t('records.dragToMove')}</p>}
      {(statusChanged || deleting || (id !== null && 'geometry' in draft.changes)) && (
        <ReasonField
          id="facility-reason"
          label={deleting ? t('records.reasonDelete') : t('records.reason')}
          value={reason}
          onChange={setReason}
          required={statusChanged || deleting}
          placeholder={statusChanged ? t('records.reasonStatus') : t('records.moveReason')}
          errors={draft.fieldErrors}
        />
      )}
      {draft.saveError !== undefined && (
        <SaveError error={draft.saveError} shown={(f) => f in c || f === 'reason'} />
      )}
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      {!deleting && !deleted && (
        <SaveActions
          saving={draft.saving}
          saved={draft.saved}
          back={{ label: t('records.closeEditor'), disabled: false, onClick: onClose }}
          canSave={draft.dirty || id === null}
          saveTestId="facility-save"
        />
      )}
      {id !== null && draft.base && !deleted && (
        <div className="ba-actions">
          {deleting ? (
            <>
              <button type="button" className="ba-button" onClick={() => setDeleting(false)}>
                {t('records.cancel')}
              </button>
              <button
                type="button"
                className="ba-button ba-danger"
                disabled={!reason.trim()}
                data-testid="facility-delete-confirm"
                onClick={() => void remove()}
              >
                {t('records.delete')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="ba-button ba-danger"
              data-testid="facility-delete"
              onClick={() => setDeleting(true)}
            >
              {t('records.delete')}
            </button>
          )}
        </div>
      )}
      {deleted && (
        <div className="ba-actions">
          <button type="button" className="ba-button" onClick={onClose}>
            {t('records.closeEditor')}
          </button>
        </div>
      )}
      {id !== null && draft.base && (
        <details className="ba-details" open={deleted}>
          <summary>{t('records.history')}</summary>
          <HistoryPanel
            kind="facilities"
            id={id}
            revision={draft.revision}
            canRestore
            onRestored={(record) => {
              draft.adopt(record);
              controller?.refreshTiles('facilities');
              notifyDataChanged('facilities');
            }}
          />
        </details>
      )}
    </form>
  );
}
