// The accounts: who they are, their role, whether they may sign in (disabled, locked), when they
// last did and how many sessions they hold; 新增用户 and, per account, 管理 (UserDialog). A table on
// a desktop, one card per account on a phone (admin.css).
import { useState } from 'react';
import { ROLE_TERMS } from '../../../server/contract/roles.ts';
import { termLabel } from '../../../server/contract/terms.ts';
import { useApi } from '../../app/useApi.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useAuth } from '../auth/auth.tsx';
import { AddUserDialog } from './AddUserDialog.tsx';
import { type AdminUser, adminApi } from './adminApi.ts';
import { beijingMinute } from './text.ts';
import { UserDialog } from './UserDialog.tsx';

export function UsersPanel() {
  const { t, language } = useI18n();
  const auth = useAuth();
  const users = useApi((signal) => adminApi.users(signal), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');

  const status = (u: AdminUser) => {
    if (u.disabled) return <span className="adm-badge is-off">{t('admin.disabled')}</span>;
    if (u.lockedUntil)
      return (
        <span className="adm-badge is-locked">
          {t('admin.lockedUntil', { time: beijingMinute(u.lockedUntil) })}
        </span>
      );
    return (
      <>
        <span className="adm-badge is-on">{t('admin.active')}</span>
        {u.failedSignIns > 0 && (
          <small className="adm-muted">{t('admin.failedSignIns', { n: u.failedSignIns })}</small>
        )}
      </>
    );
  };

  const list = users.data ?? [];
  const current = list.find((u) => u.username === editing);
  return (
    <div className="adm-users">
      <div className="adm-toolbar">
        <button
          type="button"
          className="ba-button ba-primary"
          onClick={() => setAdding(true)}
          data-testid="add-user"
        >
          + {t('admin.addUser')}
        </button>
        {notice && (
          <p className="adm-notice" role="status">
            {notice}
          </p>
        )}
      </div>
      {users.error !== undefined && <ErrorMessage error={users.error} onRetry={users.retry} />}
      {!users.data && users.error === undefined && <p className="adm-muted">{t('admin.loading')}</p>}
      {users.data && (
        <table className="adm-table adm-user-table" data-testid="user-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.lastSignIn')}</th>
              <th scope="col">{t('admin.sessions')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.manage')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((u) => (
              <tr
                key={u.username}
                data-testid={`user-row-${u.username}`}
                className={u.disabled ? 'is-off' : ''}
              >
                <td className="adm-who">
                  <strong>{u.displayName}</strong>
                  <span className="adm-muted">
                    {u.username}
                    {u.username === auth.user?.username ? ` · ${t('admin.you')}` : ''}
                  </span>
                </td>
                <td data-label={t('admin.role')}>{termLabel(ROLE_TERMS, u.role, language)}</td>
                <td data-label={t('admin.status')} data-testid="user-status">
                  {status(u)}
                </td>
                <td data-label={t('admin.lastSignIn')}>
                  {u.lastLoginAt ? beijingMinute(u.lastLoginAt) : t('admin.never')}
                </td>
                <td data-label={t('admin.sessions')}>{u.activeSessions}</td>
                <td className="adm-row-actions">
                  <button
                    type="button"
                    className="ba-button ba-small"
                    onClick={() => {
                      setNotice('');
                      setEditing(u.username);
                    }}
                    data-testid="manage-user"
                  >
                    {t('admin.manage')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <AddUserDialog
          onClose={() => setAdding(false)}
          onAdded={(user) => {
            setNotice(t('admin.userAdded', { name: user.username }));
            users.retry();
          }}
        />
      )}
      {current && (
        <UserDialog
          user={current}
          self={current.username === auth.user?.username}
          onChanged={users.retry}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
