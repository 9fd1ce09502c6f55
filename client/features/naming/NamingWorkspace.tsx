// The place-naming workflow for place-name editors and approvers: what waits for each step, a new
// proposal placed on the map, a name's record edited (pinyin corrections kept), and the steps
// 申报 → 审核 → 批准 (with 批准机关、日期、文号) → 公告, 更名/注销 — each with its reason, each in the
// history. Approvers also keep the protection lists.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  PLACE_NAME_STATUS_TERMS,
  PLACE_NAME_STEP_ROLES,
  PLACE_NAME_TRANSITIONS,
  type PlaceNameStatus,
} from '../../../server/contract/place-name-statuses.ts';
import { PLACE_NAME_APPROVERS, PLACE_NAME_WRITERS } from '../../../server/contract/roles.ts';
import { request } from '../../api/client.ts';
import { notifyDataChanged } from '../../app/dataChanges.ts';
import { useApi } from '../../app/useApi.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController, useMapOverlay } from '../../map/context.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field, SaveError } from '../../ui/fields.tsx';
import { Tabs } from '../../ui/Tabs.tsx';
import { useAuth } from '../auth/auth.tsx';
import { type BoundaryRecord, boundaryApi } from '../boundaries/boundaryApi.ts';
import { HistoryPanel } from '../boundaries/HistoryPanel.tsx';
import { useRecordDraft } from '../boundaries/useRecordDraft.ts';
import { LabelLinks } from '../details/LabelLinks.tsx';
import { PointEditLayer } from '../facilities/pointEditLayer.ts';
import type { ModePanelProps } from '../modes.tsx';
import { protectionApi } from './protectionApi.ts';

type Point = [number, number];
const statusLabel = (status: PlaceNameStatus, language: 'zh' | 'en') =>
  PLACE_NAME_STATUS_TERMS.find((t) => t.code === status)?.[language] ?? status;
type Tab = 'queue' | 'propose' | 'lists';
const WAITING: PlaceNameStatus[] = ['proposed', 'reviewing', 'approved'];

export function NamingWorkspace({ district, meta, selection, select }: ModePanelProps) {
  const { t } = useI18n();
  const { can, requestLogin } = useAuth();
  const [tab, setTab] = useState<Tab>('queue');
  const [open, setOpen] = useState<number | null>(null);
  const [point, setPoint] = useState<Point | null>(null);
  const [placing, setPlacing] = useState(false);
  const onPoint = useRef<(p: Point) => void>(() => {});
  onPoint.current = (p) => {
    setPlacing(false);
    setPoint(p);
  };
  const layer = useMapOverlay(
    () => new PointEditLayer('name-edit', '#c4320a', (p) => onPoint.current(p)),
    [],
  );
  useEffect(() => layer?.setPlacing(placing), [layer, placing]);
  useEffect(() => layer?.show(tab === 'propose' ? point : null), [layer, point, tab]);
  // A name chosen on the map (or through a scanned label) opens its record.
  useEffect(() => {
    if (selection?.collection === 'place-names') setOpen(Number(selection.id));
  }, [selection]);

  if (!can(...PLACE_NAME_WRITERS))
    return (
      <div className="mode-panel" data-mode-panel="names">
        <p className="ba-muted">{t('records.signInForNames')}</p>
        <button type="button" className="ba-button" onClick={requestLogin}>
          {t('auth.signIn')}
        </button>
      </div>
    );

  return (
    <div className="mode-panel" data-mode-panel="names">
      <h2 className="panel-title">
        {district?.name} · {t('records.namingTitle')}
      </h2>
      {open !== null ? (
        <NameRecord
          id={open}
          categories={meta?.placeNameCategories ?? []}
          onBack={() => {
            setOpen(null);
            select(null);
          }}
        />
      ) : (
        <>
          <Tabs
            tabs={[
              { id: 'queue', label: t('records.queue'), testId: 'tab-queue' },
              { id: 'propose', label: t('records.propose'), testId: 'tab-propose' },
              { id: 'lists', label: t('records.lists'), testId: 'tab-lists' },
            ]}
            value={tab}
            onChange={setTab}
          />
          {tab === 'queue' && district && <Queue district={district.code} onOpen={setOpen} />}
          {tab === 'propose' && (
            <Proposal
              point={point}
              placing={placing}
              onPlace={() => setPlacing(!placing)}
              categories={meta?.placeNameCategories ?? []}
              onCreated={(id) => {
                setPoint(null);
                setTab('queue');
                setOpen(id);
              }}
            />
          )}
          {tab === 'lists' && <Lists />}
        </>
      )}
    </div>
  );
}

function Queue({ district, onOpen }: { district: string; onOpen: (id: number) => void }) {
  const { t, language } = useI18n();
  const waiting = useApi(
    () =>
      Promise.all(WAITING.map((status) => boundaryApi.list('place-names', { district, status, limit: 200 }))),
    [district],
  );
  if (waiting.error !== undefined) return <ErrorMessage error={waiting.error} onRetry={waiting.retry} />;
  const groups = waiting.data ?? [];
  if (waiting.data && groups.every((g) => g.length === 0))
    return <p className="ba-muted">{t('records.noneWaiting')}</p>;
  return (
    <div data-testid="naming-queue">
      {WAITING.map((status, i) =>
        (groups[i] ?? []).length === 0 ? null : (
          <section key={status} className="ba-section">
            <h3>{statusLabel(status, language)}</h3>
            <ul className="ba-list">
              {(groups[i] ?? []).map((name) => (
                <li key={name.id}>
                  <button
                    type="button"
                    className="ba-link"
                    data-name-id={name.id}
                    onClick={() => onOpen(name.id)}
                  >
                    {String(name.name)} <span className="ba-muted">{String(name.townName ?? '')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </div>
  );
}

function Proposal({
  point,
  placing,
  onPlace,
  categories,
  onCreated,
}: {
  point: Point | null;
  placing: boolean;
  onPlace: () => void;
  categories: { category: string; nameZh: string; nameEn: string }[];
  onCreated: (id: number) => void;
}) {
  const { t, pick } = useI18n();
  const draft = useRecordDraft('place-names', null, {
    initial: { name: '', category: 'settlement' },
    createWith: point ? { geometry: { type: 'Point', coordinates: point } } : {},
    onSaved: (record) => onCreated(record.id),
  });
  const c = draft.current;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void draft.save();
  };
  return (
    <form className="ba-form" onSubmit={submit} data-testid="name-proposal">
      <button
        type="button"
        className={placing ? 'ba-button' : 'ba-button ba-primary'}
        data-testid="place-name-point"
        onClick={onPlace}
      >
        {placing
          ? t('records.clickToPlaceName')
          : point
            ? `${point[0].toFixed(5)}, ${point[1].toFixed(5)}`
            : t('records.clickToPlaceName')}
      </button>
      <NameFields draft={draft} categories={categories} pick={pick} />
      {draft.saveError !== undefined && (
        <SaveError error={draft.saveError} shown={(f) => f in c || f === 'geometry'} />
      )}
      <div className="ba-actions">
        <button
          type="submit"
          className="ba-button ba-primary"
          disabled={!point || draft.saving}
          data-testid="submit-proposal"
        >
          {t('records.submitProposal')}
        </button>
      </div>
    </form>
  );
}

type Draft = ReturnType<typeof useRecordDraft>;

function NameFields({
  draft,
  categories,
  pick,
}: {
  draft: Draft;
  categories: { category: string; nameZh: string; nameEn: string }[];
  pick: (zh: string, en: string) => string;
}) {
  const { t } = useI18n();
  const c = draft.current;
  const text = (name: string, label: string, multiline = false) => (
    <Field name={name} label={label} htmlFor={`name-${name}`} errors={draft.fieldErrors}>
      {multiline ? (
        <textarea
          id={`name-${name}`}
          rows={2}
          value={String(c[name] ?? '')}
          onChange={(e) => draft.set(name, e.target.value || null)}
        />
      ) : (
        <input
          id={`name-${name}`}
          value={String(c[name] ?? '')}
          onChange={(e) => draft.set(name, e.target.value || null)}
        />
      )}
    </Field>
  );
  const aliases = (c.aliases as { name: string; kind: string }[] | undefined) ?? [];
  return (
    <>
      {text('name', t('records.name'))}
      <Field name="pinyin" label={t('records.pinyin')} htmlFor="name-pinyin" errors={draft.fieldErrors}>
        <input
          id="name-pinyin"
          value={String(c.pinyin ?? '')}
          placeholder={t('records.pinyinAuto')}
          onChange={(e) => draft.set('pinyin', e.target.value || null)}
        />
      </Field>
      <Field name="category" label={t('records.category')} htmlFor="name-category" errors={draft.fieldErrors}>
        <select
          id="name-category"
          value={String(c.category ?? '')}
          onChange={(e) => draft.set('category', e.target.value)}
        >
          {categories.map((k) => (
            <option key={k.category} value={k.category}>
              {pick(k.nameZh, k.nameEn)}
            </option>
          ))}
        </select>
      </Field>
      {text('origin', t('records.origin'), true)}
      {text('meaning', t('records.meaning'), true)}
      {text('history', t('records.historyText'), true)}
      <Field
        name="aliases"
        label={t('records.formerNames')}
        htmlFor="name-aliases"
        errors={draft.fieldErrors}
      >
        <textarea
          id="name-aliases"
          rows={2}
          value={aliases.map((a) => a.name).join('\n')}
          onChange={(e) =>
            draft.set(
              'aliases',
              e.target.value
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean)
                .map((name) => aliases.find((a) => a.name === name) ?? { name, kind: 'former' }),
            )
          }
        />
      </Field>
    </>
  );
}

function NameRecord({
  id,
  categories,
  onBack,
}: {
  id: number;
  categories: { category: string; nameZh: string; nameEn: string }[];
  onBack: () => void;
}) {
  const { t, language, pick } = useI18n();
  const { user } = useAuth();
  const controller = useMapController();
  const [step, setStep] = useState<PlaceNameStatus | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const draft = useRecordDraft('place-names', id, {
    onSaved: () => {
      controller?.refreshTiles('place-names');
      notifyDataChanged('place-names');
    },
  });
  const base = draft.base;
  if (draft.loadError !== undefined) return <ErrorMessage error={draft.loadError} />;
  if (!base) return <p className="ba-muted">…</p>;
  const c = draft.current;
  const status = base.status as PlaceNameStatus;
  const approval = (c.approval as { by: string | null; date: string | null; document: string | null }) ?? {
    by: null,
    date: null,
    document: null,
  };
  const role = user?.role;
  const steps = PLACE_NAME_TRANSITIONS[status].filter(
    (to) =>
      role === 'admin' ||
      (role !== undefined && (PLACE_NAME_STEP_ROLES[to] as readonly string[]).includes(role)),
  );
  const isApprover =
    role === 'admin' || (role !== undefined && (PLACE_NAME_APPROVERS as readonly string[]).includes(role));

  const save = (event: FormEvent) => {
    event.preventDefault();
    void draft.save(undefined, reason);
  };
  const takeStep = async () => {
    if (!step || !reason.trim()) return;
    const saved = await draft.save({ ...draft.changes, status: step }, reason.trim());
    if (saved) {
      setDone(statusLabel(step, language));
      setStep(null);
      setReason('');
    }
  };
  const setApproval = (key: 'by' | 'date' | 'document', value: string) =>
    draft.set('approval', { ...approval, [key]: value || null });

  return (
    <form className="ba-form" onSubmit={save} data-testid="name-record" data-status={status}>
      <button type="button" className="ba-link" onClick={onBack}>
        ← {t('records.back')}
      </button>
      <h3>
        {String(base.name)}{' '}
        <span className="ba-badge" data-testid="name-status">
          {statusLabel(status, language)}
        </span>
      </h3>
      <NameFields draft={draft} categories={categories} pick={pick} />
      <fieldset className="cv-fieldset">
        <legend>{t('records.approvalDocument')}</legend>
        {(['by', 'date', 'document'] as const).map((key) => (
          <Field
            key={key}
            name={`approval.${key}`}
            label={t(
              key === 'by'
                ? 'records.approvalBy'
                : key === 'date'
                  ? 'records.approvalDate'
                  : 'records.approvalDocument',
            )}
            htmlFor={`approval-${key}`}
            errors={draft.fieldErrors}
          >
            <input
              id={`approval-${key}`}
              type={key === 'date' ? 'date' : 'text'}
              value={approval[key] ?? ''}
              disabled={!isApprover}
              onChange={(e) => setApproval(key, e.target.value)}
            />
          </Field>
        ))}
      </fieldset>
      {draft.saveError !== undefined && (
        <SaveError
          error={draft.saveError}
          shown={(f) => f in c || f === 'reason' || f.startsWith('approval')}
        />
      )}
      {done && (
        <p className="ba-ok" role="status" data-testid="step-done">
          {t('records.stepDone', { status: done })}
        </p>
      )}
      <div className="ba-actions">
        <button
          type="submit"
          className="ba-button"
          disabled={!draft.dirty || draft.saving}
          data-testid="name-save"
        >
          {t('form.save')}
        </button>
        {steps.map((to) => (
          <button
            key={to}
            type="button"
            className="ba-button ba-primary"
            data-step={to}
            onClick={() => setStep(to)}
          >
            {t('records.stepTo', { status: statusLabel(to, language) })}
          </button>
        ))}
      </div>
      {step && (
        <div className="ba-field" data-testid="step-reason">
          <label htmlFor="step-reason">
            {t('records.stepReason')} <em className="ba-required">*</em>
          </label>
          <textarea id="step-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="ba-actions">
            <button type="button" className="ba-button" onClick={() => setStep(null)}>
              {t('records.cancel')}
            </button>
            <button
              type="button"
              className="ba-button ba-primary"
              disabled={!reason.trim() || draft.saving}
              data-testid="confirm-step"
              onClick={() => void takeStep()}
            >
              {t('records.stepTo', { status: statusLabel(step, language) })}
            </button>
          </div>
        </div>
      )}
      {(status === 'published' || status === 'retired') && (
        <LabelLinks kind="place-names" id={id} townCode={base.townCode as string | undefined} />
      )}
      {isApprover && status === 'published' && (
        <AddToList placeNameId={id} onAdded={() => draft.adopt(base)} />
      )}
      <details className="ba-details">
        <summary>{t('records.history')}</summary>
        <HistoryPanel
          kind="place-names"
          id={id}
          revision={draft.revision}
          canRestore
          onRestored={(r: BoundaryRecord) => draft.adopt(r)}
        />
      </details>
    </form>
  );
}

function AddToList({ placeNameId, onAdded }: { placeNameId: number; onAdded: () => void }) {
  const { t } = useI18n();
  const lists = useApi(() => protectionApi.lists(), []);
  const [list, setList] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const add = async () => {
    setError(undefined);
    try {
      await protectionApi.add(Number(list), placeNameId, reason.trim());
      setReason('');
      onAdded();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <fieldset className="cv-fieldset" data-testid="add-to-list">
      <legend>{t('records.addToList')}</legend>
      <select value={list} onChange={(e) => setList(e.target.value)} aria-label={t('records.protectionList')}>
        <option value="" />
        {(lists.data ?? []).map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <input
        value={reason}
        placeholder={t('records.addedBecause')}
        onChange={(e) => setReason(e.target.value)}
      />
      {error !== undefined && <ErrorMessage error={error} />}
      <button
        type="button"
        className="ba-button"
        disabled={!list || !reason.trim()}
        onClick={() => void add()}
      >
        {t('records.addToList')}
      </button>
    </fieldset>
  );
}

function Lists() {
  const { t } = useI18n();
  const { can } = useAuth();
  const lists = useApi(() => protectionApi.lists(), []);
  const [name, setName] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [error, setError] = useState<unknown>(undefined);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await request('/api/protection-lists', {
        method: 'POST',
        body: { name: name.trim(), year: Number(year) },
      });
      setName('');
      lists.retry();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div data-testid="protection-lists">
      {lists.error !== undefined && <ErrorMessage error={lists.error} onRetry={lists.retry} />}
      <ul className="ba-list">
        {(lists.data ?? []).map((l) => (
          <li key={l.id}>
            <a href={`#/lists/${l.id}`}>{l.name}</a> <span className="ba-muted">({l.count})</span>
          </li>
        ))}
      </ul>
      {can(...PLACE_NAME_APPROVERS) && (
        <form className="ba-form" onSubmit={create}>
          <h3>{t('records.newList')}</h3>
          <input value={name} placeholder={t('records.listName')} onChange={(e) => setName(e.target.value)} />
          <input
            type="number"
            value={year}
            aria-label={t('records.year')}
            onChange={(e) => setYear(e.target.value)}
          />
          {error !== undefined && <ErrorMessage error={error} />}
          <button type="submit" className="ba-button" disabled={!name.trim()}>
            {t('records.add')}
          </button>
        </form>
      )}
    </div>
  );
}
