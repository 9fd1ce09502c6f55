// The public page of one protection list (历史地名保护名录, #/lists/{id}): the names on it with why
// they were listed, and the names taken off with why. A name opens its card on the map.
import { useApi } from '../../app/useApi.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type ListedName, protectionApi } from './protectionApi.ts';

export function ProtectionListPage({ id }: { id: number }) {
  const { t, language } = useI18n();
  const list = useApi(() => protectionApi.list(id), [id]);
  if (list.error !== undefined) return <ErrorMessage error={list.error} onRetry={list.retry} />;
  if (!list.data) return <p className="ba-muted">…</p>;
  const l = list.data;
  const row = (n: ListedName, removed: boolean) => (
    <li key={`${n.placeNameId}-${n.addedAt}`} data-place-id={n.placeNameId}>
      <a href={`#/place/${n.placeNameId}`}>
        <strong>{language === 'en' ? n.pinyin : n.name}</strong>
      </a>{' '}
      <span className="ba-muted">
        {language === 'en' ? n.name : n.pinyin} · {n.categoryName} · {n.districtName}
        {n.townName ? ` ${n.townName}` : ''}
      </span>
      <p className="ba-reason">
        {removed
          ? `${t('records.removedBecause')}：${n.removedReason}`
          : `${t('records.addedBecause')}：${n.addedReason}`}
      </p>
    </li>
  );
  return (
    <article className="mode-panel protection-list-page" data-testid="protection-list-page">
      <p className="ba-muted">{t('records.protectionList')}</p>
      <h2 className="panel-title">{l.name}</h2>
      <p className="ba-muted">
        {[
          l.batch ? `${t('records.batch')} ${l.batch}` : '',
          `${t('records.year')} ${l.year}`,
          l.document ?? '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <h3>
        {t('records.listNames')} ({l.names.length})
      </h3>
      <ul className="ba-list">{l.names.map((n) => row(n, false))}</ul>
      {l.removed.length > 0 && (
        <>
          <h3>{t('records.removedNames')}</h3>
          <ul className="ba-list">{l.removed.map((n) => row(n, true))}</ul>
        </>
      )}
    </article>
  );
}
