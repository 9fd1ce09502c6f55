// 联检 for one line: the inspections so far and a form for a new one — round, dates, both sides'
// people, a finding per marker (condition, note, photo from the camera), problems and settlement.
import { type FormEvent, useState } from 'react';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  MARKER_CONDITIONS,
} from '../../../server/contract/vocabularies.ts';
import { useApi } from '../../app/useApi.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type BoundaryRecord, boundaryApi } from './boundaryApi.ts';
import { PhotoInput } from './PhotoInput.tsx';
import { fieldLabel, valueLabel } from './text.ts';
import { useRecordDraft } from './useRecordDraft.ts';

interface Person {
  name: string;
  unit: string;
  phone: string;
}
interface Finding {
  markerId: number;
  condition: string;
  note: string;
  photoIds: number[];
}

const today = () => new Date().toISOString().slice(0, 10);
const CONDITIONS = MARKER_CONDITIONS;

function PeopleEditor({
  label,
  people,
  onChange,
}: {
  label: string;
  people: Person[];
  onChange: (p: Person[]) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="ba-fieldset">
      <legend>{label}</legend>
      {people.map((person, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
        <div key={i} className="ba-person">
          <input
            aria-label={t('boundaries.name')}
            placeholder={t('boundaries.name')}
            value={person.name}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, name: e.target.value } : p)))}
          />
          <input
            aria-label={t('boundaries.unit')}
            placeholder={t('boundaries.unit')}
            value={person.unit}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, unit: e.target.value } : p)))}
          />
          <input
            aria-label={t('boundaries.phone')}
            placeholder={t('boundaries.phone')}
            type="tel"
            value={person.phone}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, phone: e.target.value } : p)))}
          />
          <button
            type="button"
            className="ba-icon-button"
            aria-label={t('boundaries.remove')}
            onClick={() => onChange(people.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="ba-button ba-small"
        onClick={() => onChange([...people, { name: '', unit: '', phone: '' }])}
      >
        {t('boundaries.addPerson')}
      </button>
    </fieldset>
  );
}

export function InspectionPanel({
  line,
  canEdit,
  onLineChanged,
}: {
  line: BoundaryRecord;
  canEdit: boolean;
  onLineChanged: () => void;
}) {
  const { language, t } = useI18n();
  const [revision, setRevision] = useState(0);
  const inspections = useApi(() => boundaryApi.list('inspections', { line: line.id }), [line.id, revision]);
  const markers = useApi(() => boundaryApi.list('boundary-markers', { line: line.id }), [line.id]);
  const [open, setOpen] = useState(false);
  const nextRound = Math.max(0, ...(inspections.data ?? []).map((i) => Number(i.round))) + 1;
  const [form, setForm] = useState({
    status: 'completed',
    kind: 'regular',
    startDate: today(),
    endDate: today(),
    problems: '',
    settlement: '',
    surveyNotes: '',
  });
  const [ours, setOurs] = useState<Person[]>([{ name: '', unit: '', phone: '' }]);
  const [theirs, setTheirs] = useState<Person[]>([{ name: '', unit: '', phone: '' }]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const record = useRecordDraft('inspections', null, {
    createWith: { lineId: line.id },
    warnOnLeave: false,
    onSaved: () => {
      setOpen(false);
      setFindings([]);
      setRevision((n) => n + 1);
      onLineChanged();
    },
  });
  const { saving } = record;
  const error = record.saveError;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const clean = (people: Person[]) =>
      people
        .filter((p) => p.name.trim())
        .map((p) => ({
          name: p.name.trim(),
          ...(p.unit ? { unit: p.unit } : {}),
          ...(p.phone ? { phone: p.phone } : {}),
        }));
    await record.save({
      round: nextRound,
      kind: form.kind,
      status: form.status,
      startDate: form.startDate,
      endDate: form.endDate || null,
      ourSidePeople: clean(ours),
      otherSidePeople: clean(theirs),
      findings: findings.map((f) => ({
        markerId: f.markerId,
        condition: f.condition,
        ...(f.note ? { note: f.note } : {}),
        photoIds: f.photoIds,
      })),
      problems: form.problems || null,
      settlement: form.settlement || null,
      surveyNotes: form.surveyNotes || null,
    });
  };

  const fieldErrors = Object.entries(record.fieldErrors);

  return (
    <section className="ba-inspections" data-testid="inspection-panel">
      {inspections.error !== undefined && (
        <ErrorMessage error={inspections.error} onRetry={inspections.retry} />
      )}
      <ul className="ba-list">
        {(inspections.data ?? []).map((i) => (
          <li key={i.id}>
            <strong>
              {t('boundaries.round', { round: String(i.round) })} · {valueLabel(i.status, language)}
            </strong>
            <span className="ba-muted">
              {' '}
              {formatDate(String(i.startDate))}
              {i.endDate ? ` – ${formatDate(String(i.endDate))}` : ''}
            </span>
            {Array.isArray(i.findings) && (
              <span className="ba-muted"> · {t('boundaries.markerS', { length: i.findings.length })}</span>
            )}
            {typeof i.problems === 'string' && <p className="ba-reason">{i.problems}</p>}
          </li>
        ))}
        {inspections.data?.length === 0 && <li className="ba-muted">{t('boundaries.noInspectionsYet')}</li>}
      </ul>
      {canEdit && !open && (
        <button
          type="button"
          className="ba-button ba-primary"
          onClick={() => setOpen(true)}
          data-testid="new-inspection"
        >
          {t('boundaries.newInspection')}
        </button>
      )}
      {open && (
        <form className="ba-form" onSubmit={submit} data-testid="inspection-form">
          <h4>{t('boundaries.inspectionRound', { nextRound })}</h4>
          <div className="ba-field">
            <label htmlFor="insp-status">{fieldLabel('status', language)}</label>
            <select
              id="insp-status"
              value={form.status}
              onChange={(e) => setForm({ ...form, status: e.target.value })}
            >
              {INSPECTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {valueLabel(s, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="ba-field">
            <label htmlFor="insp-kind">{fieldLabel('kind', language)}</label>
            <select
              id="insp-kind"
              value={form.kind}
              onChange={(e) => setForm({ ...form, kind: e.target.value })}
            >
              {INSPECTION_KINDS.map((s) => (
                <option key={s} value={s}>
                  {valueLabel(s, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="ba-field">
            <label htmlFor="insp-start">{fieldLabel('startDate', language)}</label>
            <input
              id="insp-start"
              type="date"
              value={form.startDate}
              onChange={(e) => setForm({ ...form, startDate: e.target.value })}
            />
          </div>
          <div className="ba-field">
            <label htmlFor="insp-end">{fieldLabel('endDate', language)}</label>
            <input
              id="insp-end"
              type="date"
              value={form.endDate}
              onChange={(e) => setForm({ ...form, endDate: e.target.value })}
            />
          </div>
          <PeopleEditor label={fieldLabel('ourSidePeople', language)} people={ours} onChange={setOurs} />
          <PeopleEditor
            label={fieldLabel('otherSidePeople', language)}
            people={theirs}
            onChange={setTheirs}
          />
          <fieldset className="ba-fieldset">
            <legend>{fieldLabel('findings', language)}</legend>
            {findings.map((f, i) => (
              <div key={f.markerId} className="ba-finding">
                <strong>
                  {String(markers.data?.find((m) => m.id === f.markerId)?.number ?? f.markerId)}
                </strong>
                <select
                  aria-label={fieldLabel('condition', language)}
                  value={f.condition}
                  onChange={(e) =>
                    setFindings(findings.map((x, j) => (j === i ? { ...x, condition: e.target.value } : x)))
                  }
                >
                  {CONDITIONS.map((c) => (
                    <option key={c} value={c}>
                      {valueLabel(c, language)}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={fieldLabel('note', language)}
                  placeholder={fieldLabel('note', language)}
                  value={f.note}
                  onChange={(e) =>
                    setFindings(findings.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))
                  }
                />
                <PhotoInput
                  photoIds={f.photoIds}
                  onChange={(ids) =>
                    setFindings(findings.map((x, j) => (j === i ? { ...x, photoIds: ids } : x)))
                  }
                />
              </div>
            ))}
            <select
              aria-label={t('boundaries.addAMarkerFinding')}
              value=""
              onChange={(e) => {
                const marker = markers.data?.find((m) => m.id === Number(e.target.value));
                if (marker)
                  setFindings([
                    ...findings,
                    { markerId: marker.id, condition: String(marker.condition), note: '', photoIds: [] },
                  ]);
              }}
            >
              <option value="">{t('boundaries.addAMarker')}</option>
              {(markers.data ?? [])
                .filter((m) => !findings.some((f) => f.markerId === m.id))
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {String(m.number)} · {valueLabel(m.condition, language)}
                  </option>
                ))}
            </select>
          </fieldset>
          {(['surveyNotes', 'problems', 'settlement'] as const).map((name) => (
            <div key={name} className="ba-field">
              <label htmlFor={`insp-${name}`}>{fieldLabel(name, language)}</label>
              <textarea
                id={`insp-${name}`}
                rows={2}
                value={form[name]}
                onChange={(e) => setForm({ ...form, [name]: e.target.value })}
              />
            </div>
          ))}
          {fieldErrors.length > 0 && (
            <ul className="ba-error" role="alert">
              {fieldErrors.map(([field, problem]) => (
                <li key={field}>
                  {fieldLabel(field.replace(/\[.*$/, ''), language)}：{problem}
                </li>
              ))}
            </ul>
          )}
          {error !== undefined && fieldErrors.length === 0 && <ErrorMessage error={error} />}
          <div className="ba-actions">
            <button type="button" className="ba-button" onClick={() => setOpen(false)}>
              {t('boundaries.cancel')}
            </button>
            <button type="submit" className="ba-button ba-primary" disabled={saving}>
              {saving ? t('boundaries.saving') : t('boundaries.saveInspection')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
