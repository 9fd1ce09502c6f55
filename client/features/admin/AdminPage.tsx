// The admin page (系统管理), opened from the top bar's 管理 button by administrators: accounts
// (UsersPanel) and the audit log (AuditPanel) in two tabs, over the map — the full screen on a
// phone. Escape closes it unless one of its dialogs is open.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { Tabs } from '../../ui/Tabs.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import '../boundaries/boundaries.css';
import './admin.css';

type Tab = 'users' | 'audit';

export function AdminPage({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('users');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('.ba-modal-backdrop')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="adm-backdrop" role="presentation">
      <section
        className="adm-page"
        role="dialog"
        aria-modal="true"
        aria-labelledby="adm-title"
        data-testid="admin-page"
      >
        <header className="adm-head">
          <h2 id="adm-title">{t('admin.title')}</h2>
          <Tabs<Tab>
            tabs={[
              { id: 'users', label: t('admin.tabUsers'), testId: 'admin-tab-users' },
              { id: 'audit', label: t('admin.tabAudit'), testId: 'admin-tab-audit' },
            ]}
            value={tab}
            onChange={setTab}
          />
          <button
            type="button"
            className="icon-button adm-close"
            onClick={onClose}
            aria-label={t('admin.close')}
            title={t('admin.close')}
            data-testid="admin-close"
          >
            ×
          </button>
        </header>
        <div className="adm-body">{tab === 'users' ? <UsersPanel /> : <AuditPanel />}</div>
      </section>
    </div>
  );
}
