// The 数据 menu's first section, 系统管理, for administrators only: opens the admin page. On a phone
// it is the way in (the top bar has no room for the 管理 button); on a desktop a second one.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/auth.tsx';
import { openAdminPage } from './adminLauncher.ts';

export function AdminMenuSection({ onOpen }: { onOpen: () => void }) {
  const auth = useAuth();
  const { t } = useI18n();
  if (auth.user?.role !== 'admin') return null;
  return (
    <section>
      <h3>{t('admin.title')}</h3>
      <button
        type="button"
        className="button secondary"
        onClick={() => {
          onOpen();
          openAdminPage();
        }}
        data-testid="open-admin"
      >
        {t('admin.entryTitle')}…
      </button>
    </section>
  );
}
