// The audit log (审计日志), newest first: who (account, or the command line, or an anonymous
// caller), what, which kind and record, a short summary and from where — filtered by user, action,
// kind and Beijing dates, a hundred at a time, exported as CSV or Excel with the same filters.
// Nothing here changes an entry; the server has no way to.
import { useEffect, useState } from 'react';
import {
  AUDIT_ACTIONS,
  AUDIT_KINDS,
  type AuditDetails,
  auditActionLabel,
  auditKindLabel,
  auditSummary,
} from '../../../server/contract/audit.ts';
import { ROLE_TERMS } from '../../../server/contract/roles.ts';
import { termLabel } from '../../../server/contract/terms.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type AuditFilters, type AuditPage, adminApi } from './adminApi.ts';
import { beijingTime } from './text.ts';

type Entry = AuditPage['items'][number];
const NO_FILTERS: AuditFilters = {};

export function AuditPanel() {
  const { t, language } = useI18n();
  const [draftUser, setDraftUser] = useState('');
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [items, setItems] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the same filters again.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    adminApi.audit(filters, undefined, controller.signal).then(
      (page) => {
        setItems(page.items);
        setNext(page.next);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filters, attempt]);

  const more = async () => {
    if (next === null) return;
    setLoading(true);
    try {
      const page = await adminApi.audit(filters, next);
      setItems((shown) => [...shown, ...page.items]);
      setNext(page.next);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const set = (name: keyof AuditFilters, value: string) =>
    setFilters((f) => {
      const { [name]: _, ...rest } = f;
      return value ? { ...rest, [name]: value } : rest;
    });

  const who = (e: Entry) => {
    if (e.username || e.displayName)
      return (
        <>
          <strong>{e.displayName ?? e.username}</strong>
          <span className="adm-muted">
            {[e.displayName ? e.username : null, e.role ? termLabel(ROLE_TERMS, e.role, language) : null]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </>
      );
    return <span className="adm-muted">{t('admin.anonymous')}</span>;
  };

  return (
    <div className="adm-audit">
      <form
        className="adm-filters"
        onSubmit={(event) => {
          event.preventDefault();
          set('user', draftUser.trim());
        }}
        data-testid="audit-filters"
      >
        <label className="ba-field">
          <span>{t('admin.filterUser')}</span>
          <input
            name="user"
            type="search"
            autoCapitalize="none"
            value={draftUser}
            onChange={(e) => setDraftUser(e.target.value)}
            onBlur={() => set('user', draftUser.trim())}
          />
        </label>
        <label className="ba-field">
          <span>{t('admin.filterAction')}</span>
          <select name="action" value={filters.action ?? ''} onChange={(e) => set('action', e.target.value)}>
            <option value="">{t('admin.all')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a, language)}
              </option>
            ))}
          </select>
        </label>
        <label className="ba-field">
          <span>{t('admin.filterKind')}</span>
          <select name="kind" value={filters.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('admin.all')}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {auditKindLabel(k, language)}
              </option>
            ))}
          </select>
        </label>
        <label className="ba-field">
          <span>{t('admin.from')}</span>
          <input
            name="from"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
        </label>
        <label className="ba-field">
          <span>{t('admin.to')}</span>
          <input name="to" type="date" value={filters.to ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
        <div className="adm-filter-actions">
          <button
            type="button"
            className="ba-button ba-small"
            onClick={() => {
              setDraftUser('');
              setFilters(NO_FILTERS);
            }}
          >
            {t('admin.clear')}
          </button>
          <a
            className="ba-button ba-small"
            href={adminApi.auditExportUrl(filters, 'csv')}
            download
            data-testid="audit-csv"
          >
            {t('admin.exportCsv')}
          </a>
          <a
            className="ba-button ba-small"
            href={adminApi.auditExportUrl(filters, 'xlsx')}
            download
            data-testid="audit-xlsx"
          >
            {t('admin.exportXlsx')}
          </a>
        </div>
      </form>
      <p className="adm-muted">{t('admin.auditNote')}</p>
      {error !== null && <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      <table className="adm-table adm-audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.time')}</th>
            <th scope="col">{t('admin.who')}</th>
            <th scope="col">{t('admin.what')}</th>
            <th scope="col">{t('admin.filterKind')}</th>
            <th scope="col">{t('admin.target')}</th>
            <th scope="col">{t('admin.summary')}</th>
            <th scope="col">{t('admin.address')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr
              key={e.id}
              className={e.status >= 400 ? 'is-refused' : ''}
              data-testid="audit-row"
              data-action={e.action}
            >
              <td className="adm-time">{beijingTime(e.at)}</td>
              <td className="adm-who" data-label={t('admin.who')}>
                {who(e)}
              </td>
              <td data-label={t('admin.what')}>
                <span className="adm-action-label">{auditActionLabel(e.action, language)}</span>
                {e.status >= 400 && (
                  <span className="adm-badge is-off">{t('admin.refused', { status: e.status })}</span>
                )}
              </td>
              <td data-label={t('admin.filterKind')}>{e.kind ? auditKindLabel(e.kind, language) : ''}</td>
              <td data-label={t('admin.target')}>{e.target ?? ''}</td>
              <td data-label={t('admin.summary')} className="adm-summary">
                {auditSummary({ action: e.action, details: e.details as AuditDetails }, language)}
              </td>
              <td data-label={t('admin.address')}>
                {(e.details as AuditDetails).via === 'cli' ? t('admin.commandLine') : (e.address ?? '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && items.length === 0 && error === null && <p className="adm-muted">{t('admin.empty')}</p>}
      <div className="adm-more">
        <span className="adm-muted">{t('admin.shown', { n: items.length })}</span>
        {loading && <span className="adm-muted">{t('admin.loading')}</span>}
        {next !== null && !loading && (
          <button
            type="button"
            className="ba-button ba-small"
            onClick={() => void more()}
            data-testid="audit-more"
          >
            {t('admin.loadMore')}
          </button>
        )}
      </div>
    </div>
  );
}
