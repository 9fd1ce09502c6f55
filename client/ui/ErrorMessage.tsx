// An API error shown where it happened, in the reader's language, with a retry when one helps.
import { ApiError, problemText } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function errorText(
  error: unknown,
  { t, language }: Pick<ReturnType<typeof useI18n>, 't' | 'language'>,
): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    const detail = error.details
      ?.map((d) => [d.field, problemText(d, language)].filter(Boolean).join(' '))
      .join('; ');
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="error-message" role="alert">
      <span>
        {t('error.generic')}：{errorText(error, i18n)}
      </span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}
