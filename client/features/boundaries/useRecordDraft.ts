// The state every record form shares: load the record, keep the user's draft over it, warn before
// leaving with unsaved edits, save with If-Match, turn a 412 into a conflict to resolve and a
// refused save into errors next to the fields. Forms own only their fields and layout.
import { useCallback, useEffect, useState } from 'react';
import { ConflictError, fieldErrorsOf } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { isOfflineKind } from '../../offline/db.ts';
import { isNoConnection, queueSave } from '../../offline/save.ts';
import { type BoundaryRecord, boundaryApi, type Kind } from './boundaryApi.ts';

type Fields = Record<string, unknown>;

export interface RecordDraftOptions {
  /** The fields a new record (id null) starts with. */
  initial?: Fields;
  /** Sent with a new record besides the draft (e.g. its district). */
  createWith?: Fields;
  /** Ask before the page is left with unsaved edits (default: whenever the draft is dirty). */
  warnOnLeave?: boolean;
  onSaved?: (record: BoundaryRecord) => void;
}

export interface RecordDraft {
  /** The record as the server last sent it; null while loading and for a new record. */
  base: BoundaryRecord | null;
  loadError: unknown;
  /** base with the draft over it: what the form shows. */
  current: Fields;
  draft: Fields;
  setDraft: (update: (draft: Fields) => Fields) => void;
  set: (name: string, value: unknown) => void;
  /** The draft's fields that differ from base (all of them for a new record). */
  changes: Fields;
  dirty: boolean;
  /** Goes up whenever base changes (history panels reload on it). */
  revision: number;
  /** Shows `record` as the new base, with `keep` as the draft over it. */
  adopt: (record: BoundaryRecord, keep?: Fields) => void;
  discard: () => void;
  saving: boolean;
  saved: boolean;
  /** The last save found no connection: it waits in the outbox (client/offline) to sync. */
  queued: boolean;
  saveError: unknown;
  /** The refused save's problems by form field (`body.` removed). */
  fieldErrors: Record<string, string>;
  /**
   * Creates (id null) or updates with If-Match `version` (default: base's). Resolves with the saved
   * record, or undefined when refused (then saveError/fieldErrors or conflict say why).
   */
  save: (changes?: Fields, reason?: string, version?: number) => Promise<BoundaryRecord | undefined>;
  /** A 412: the record as it is now (`theirs`) and the changes that were refused (`mine`). */
  conflict: { theirs: BoundaryRecord; mine: Fields } | null;
  /** Resolves the conflict: drop mine, put mine over theirs to review, or save mine over theirs. */
  resolveConflict: (choice: 'theirs' | 'merge' | 'mine', reason?: string) => void;
}

/** How an outbox entry names the record: 界桩 004Q, the line's or dispute's name, 联检第 2 轮. */
function recordLabel(kind: Kind, record: Fields): string {
  if (kind === 'boundary-markers') return `界桩 ${String(record.number ?? '')}`.trim();
  if (kind === 'inspections') return `联检 第 ${String(record.round ?? '')} 轮`;
  return String(record.name ?? record.title ?? kind);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function useRecordDraft(kind: Kind, id: number | null, options: RecordDraftOptions = {}): RecordDraft {
  const { language } = useI18n();
  const [base, setBase] = useState<BoundaryRecord | null>(null);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [draft, setDraftState] = useState<Fields>(() => (id === null ? { ...options.initial } : {}));
  const [revision, setRevision] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [queued, setQueued] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [conflict, setConflict] = useState<RecordDraft['conflict']>(null);

  const adopt = useCallback((record: BoundaryRecord, keep: Fields = {}) => {
    setBase(record);
    setDraftState(keep);
    setRevision((n) => n + 1);
  }, []);

  useEffect(() => {
    if (id === null) return;
    let cancelled = false;
    setBase(null);
    setDraftState({});
    setLoadError(undefined);
    boundaryApi.get(kind, id).then(
      (record) => !cancelled && adopt(record),
      (error) => !cancelled && setLoadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [kind, id, adopt]);

  const changes =
    id === null ? draft : Object.fromEntries(Object.entries(draft).filter(([k, v]) => !same(base?.[k], v)));
  const dirty = Object.keys(changes).length > 0;

  // Nothing is lost: leaving the page with unsaved edits asks first.
  const warn = dirty && options.warnOnLeave !== false;
  useEffect(() => {
    if (!warn) return;
    const onLeave = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [warn]);

  const save = async (body: Fields = changes, reason?: string, version?: number) => {
    setSaving(true);
    setSaveError(undefined);
    setSaved(false);
    setQueued(false);
    try {
      const record =
        id === null
          ? await boundaryApi.create(kind, { ...body, ...options.createWith })
          : await boundaryApi.update(kind, id, version ?? base?.version ?? 0, body, reason || undefined);
      adopt(record);
      setSaved(true);
      options.onSaved?.(record);
      return record;
    } catch (error) {
      if (error instanceof ConflictError) {
        setConflict({ theirs: error.current as BoundaryRecord, mine: body });
        return undefined;
      }
      // Only boundary records wait in the outbox; other kinds are saved with a connection.
      if (!isNoConnection(error) || !isOfflineKind(kind)) {
        setSaveError(error);
        return undefined;
      }
      // No signal: the edit waits in the outbox with the version it started from.
      const record = await queueSave(
        kind,
        id === null ? null : base,
        id === null ? { ...body, ...options.createWith } : body,
        { reason: reason || undefined, label: recordLabel(kind, { ...(base ?? {}), ...body }) },
      );
      adopt(record);
      setSaved(true);
      setQueued(true);
      options.onSaved?.(record);
      return record;
    } finally {
      setSaving(false);
    }
  };

  const set = useCallback(
    (name: string, value: unknown) => setDraftState((d) => ({ ...d, [name]: value })),
    [],
  );

  const resolveConflict = (choice: 'theirs' | 'merge' | 'mine', reason?: string) => {
    if (!conflict) return;
    const { theirs, mine } = conflict;
    setConflict(null);
    adopt(theirs, choice === 'theirs' ? {} : mine);
    if (choice === 'mine') void save(mine, reason, theirs.version);
  };

  return {
    base,
    loadError,
    current: { ...(base ?? {}), ...draft },
    draft,
    setDraft: setDraftState,
    set,
    changes,
    dirty,
    revision,
    adopt,
    discard: () => {
      setDraftState(id === null ? { ...options.initial } : {});
      setSaveError(undefined);
    },
    saving,
    saved,
    queued,
    saveError,
    fieldErrors: fieldErrorsOf(saveError, language),
    save,
    conflict,
    resolveConflict,
  };
}
