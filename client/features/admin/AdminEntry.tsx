// The top bar's 管理 button, shown to administrators only, and the owner of the admin page (also
// opened from the 数据 menu: openAdminPage). The page (accounts and the audit log) is its own chunk,
// loaded on first use like the other staff-only tools, so the public map never downloads it. On a
// phone the button is hidden (the top row has no room) and the 数据 menu's section is the way in.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/auth.tsx';
import './admin-entry.css';
import { onOpenAdminPage } from './adminLauncher.ts';

const AdminPage = lazy(() => import('./AdminPage.tsx').then((m) => ({ default: m.AdminPage })));

export function AdminEntry() {
  const auth = useAuth();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const isAdmin = auth.user?.role === 'admin';
  useEffect(() => (isAdmin ? onOpenAdminPage(() => setOpen(true)) : undefined), [isAdmin]);
  if (!isAdmin) return null;
  return (
    <>
      <button
        type="button"
        className="button secondary admin-entry"
        title={t('admin.entryTitle')}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="admin-button"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Zm0 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm0 13c-2.3-.9-4.2-2.8-5-5.1 1-1.5 3-2.4 5-2.4s4 .9 5 2.4c-.8 2.3-2.7 4.2-5 5.1Z"
            fill="currentColor"
          />
        </svg>
        {t('admin.entry')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <AdminPage onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
