// A password the server generated, shown this once (it is stored only as a hash and never logged),
// with a copy button for handing it over.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';

export function GeneratedPassword({ username, password }: { username: string; password: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="adm-generated" role="status">
      <p>{t('admin.shownOnce', { name: username })}</p>
      <div className="adm-generated-row">
        <code data-testid="generated-password">{password}</code>
        <button
          type="button"
          className="ba-button ba-small"
          onClick={() =>
            void navigator.clipboard?.writeText(password).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
      </div>
    </div>
  );
}
