// 联检 for one line: the inspections so far and a form for a new one — round, dates, both sides'
// people, a finding per marker (condition, note, photo from the camera), problems and settlement.
import { type FormEvent, useState } from 'react';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  MARKER_CONDITIONS,
} from '../../../server/contract/vocabularies.ts';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../app/useApi.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type BoundaryRecord, boundaryApi } from './boundaryApi.ts';
import { PhotoInput } from './PhotoInput.tsx';
import { fieldLabel, pick, valueLabel } from './text.ts';

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
  const { language } = useI18n();
  return (
    <fieldset className="ba-fieldset">
      <legend>{label}</legend>
      {people.map((person, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
        <div key={i} className="ba-person">
          <input
            aria-label={pick(language, ['姓名', 'Name'])}
            placeholder={pick(language, ['姓名', 'Name'])}
            value={person.name}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, name: e.target.value } : p)))}
          />
          <input
            aria-label={pick(language, ['单位', 'Unit'])}
            placeholder={pick(language, ['单位', 'Unit'])}
            value={person.unit}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, unit: e.target.value } : p)))}
          />
          <input
            aria-label={pick(language, ['电话', 'Phone'])}
            placeholder={pick(language, ['电话', 'Phone'])}
            type="tel"
            value={person.phone}
            onChange={(e) => onChange(people.map((p, j) => (j === i ? { ...p, phone: e.target.value } : p)))}
          />
          <button
            type="button"
            className="ba-icon-button"
            aria-label={pick(language, ['删除', 'Remove'])}
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
        {pick(language, ['+ 添加人员', '+ Add person'])}
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
  const { language } = useI18n();
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
  const [error, setError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const clean = (people: Person[]) =>
      people
        .filter((p) => p.name.trim())
        .map((p) => ({
          name: p.name.trim(),
          ...(p.unit ? { unit: p.unit } : {}),
          ...(p.phone ? { phone: p.phone } : {}),
        }));
    try {
      await boundaryApi.create('inspections', {
        lineId: line.id,
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
      setOpen(false);
      setFindings([]);
      setRevision((n) => n + 1);
      onLineChanged();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? (error.details ?? []) : [];

  return (
    <section className="ba-inspections" data-testid="inspection-panel">
      {inspections.error !== undefined && (
        <ErrorMessage error={inspections.error} onRetry={inspections.retry} />
      )}
      <ul className="ba-list">
        {(inspections.data ?? []).map((i) => (
          <li key={i.id}>
            <strong>
              {pick(language, [`第 ${String(i.round)} 轮`, `Round ${String(i.round)}`])} ·{' '}
              {valueLabel(i.status, language)}
            </strong>
            <span className="ba-muted">
              {' '}
              {formatDate(String(i.startDate))}
              {i.endDate ? ` – ${formatDate(String(i.endDate))}` : ''}
            </span>
            {Array.isArray(i.findings) && (
              <span className="ba-muted">
                {' '}
                · {pick(language, [`检查界桩 ${i.findings.length} 个`, `${i.findings.length} marker(s)`])}
              </span>
            )}
            {typeof i.problems === 'string' && <p className="ba-reason">{i.problems}</p>}
          </li>
        ))}
        {inspections.data?.length === 0 && (
          <li className="ba-muted">{pick(language, ['尚无联检记录', 'No inspections yet'])}</li>
        )}
      </ul>
      {canEdit && !open && (
        <button
          type="button"
          className="ba-button ba-primary"
          onClick={() => setOpen(true)}
          data-testid="new-inspection"
        >
          {pick(language, ['+ 新建联检记录', '+ New inspection'])}
        </button>
      )}
      {open && (
        <form className="ba-form" onSubmit={submit} data-testid="inspection-form">
          <h4>{pick(language, [`第 ${nextRound} 轮联检`, `Inspection round ${nextRound}`])}</h4>
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
              aria-label={pick(language, ['添加界桩检查', 'Add a marker finding'])}
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
              <option value="">{pick(language, ['+ 添加界桩检查…', '+ Add a marker…'])}</option>
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
              {fieldErrors.map((d) => (
                <li key={`${d.field}${d.problem}`}>
                  {fieldLabel(
                    String(d.field)
                      .replace(/^body\./, '')
                      .replace(/\[.*$/, ''),
                    language,
                  )}
                  ：{d.problem}
                </li>
              ))}
            </ul>
          )}
          {error !== undefined && fieldErrors.length === 0 && <ErrorMessage error={error} />}
          <div className="ba-actions">
            <button type="button" className="ba-button" onClick={() => setOpen(false)}>
              {pick(language, ['取消', 'Cancel'])}
            </button>
            <button type="submit" className="ba-button ba-primary" disabled={saving}>
              {saving
                ? pick(language, ['保存中…', 'Saving…'])
                : pick(language, ['保存联检', 'Save inspection'])}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
