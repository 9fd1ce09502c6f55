// The three parts of the user dialog: name and role (saved together), sign-in and sessions
// (disable/enable, end sessions, unlock) and the password (generated or chosen). Each calls `run`
// with its change; the dialog sends it with the version shown and says what happened.
import { useState } from 'react';
import { ROLE_TERMS, ROLES, type Role } from '../../../server/contract/roles.ts';
import { termLabel } from '../../../server/contract/terms.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type AdminUser, adminApi, type UserActionResult } from './adminApi.ts';
import { PasswordChoice, type PasswordChoiceValue } from './PasswordChoice.tsx';

/** Runs a change of the account; `said` words its outcome. True when it went through. */
export type Run = (
  change: (account: AdminUser) => Promise<UserActionResult>,
  said: (result: UserActionResult) => string,
) => Promise<boolean>;

interface SectionProps {
  account: AdminUser;
  busy: boolean;
  run: Run;
}

export function DetailsSection({
  account,
  self,
  busy,
  run,
  problems,
}: SectionProps & { self: boolean; problems: Record<string, string> }) {
  const { t, language } = useI18n();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<Role>(account.role);
  const changed = displayName.trim() !== account.displayName || role !== account.role;
  return (
    <section className="adm-section" aria-labelledby="adm-details">
      <h3 id="adm-details">{t('admin.details')}</h3>
      <div className="adm-grid">
        <label className="ba-field">
          <span>{t('admin.displayName')}</span>
          <input
            name="displayName"
            value={displayName}
            maxLength={60}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          {problems.displayName && <span className="ba-error">{problems.displayName}</span>}
        </label>
        <label className="ba-field">
          <span>{t('admin.role')}</span>
          <select name="role" value={role} disabled={self} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {termLabel(ROLE_TERMS, r, language)}
              </option>
            ))}
          </select>
          {problems.role && <span className="ba-error">{problems.role}</span>}
        </label>
      </div>
      <button
        type="button"
        className="ba-button ba-primary"
        disabled={busy || !changed || !displayName.trim()}
        onClick={() =>
          void run(
            (a) =>
              adminApi.update(a, {
                ...(displayName.trim() !== a.displayName ? { displayName: displayName.trim() } : {}),
                ...(role !== a.role ? { role } : {}),
              }),
            () => t('admin.saved'),
          )
        }
        data-testid="save-user"
      >
        {t('admin.saveDetails')}
      </button>
    </section>
  );
}

export function AccessSection({ account, self, busy, run }: SectionProps & { self: boolean }) {
  const { t } = useI18n();
  const ended = (r: UserActionResult) => t('admin.sessionsEnded', { n: r.sessionsEnded ?? 0 });
  return (
    <section className="adm-section" aria-labelledby="adm-access">
      <h3 id="adm-access">{t('admin.access')}</h3>
      <div className="adm-action">
        <button
          type="button"
          className={`ba-button ${account.disabled ? '' : 'adm-danger'}`}
          disabled={busy || (self && !account.disabled)}
          onClick={() =>
            void run(
              (a) => adminApi.setDisabled(a, !a.disabled),
              (r) => (r.user.disabled ? `${t('admin.disabled')} · ${ended(r)}` : t('admin.active')),
            )
          }
          data-testid={account.disabled ? 'enable-user' : 'disable-user'}
        >
          {account.disabled ? t('admin.enable') : t('admin.disable')}
        </button>
        <p className="adm-muted">{t(account.disabled ? 'admin.enableNote' : 'admin.disableNote')}</p>
      </div>
      <div className="adm-action">
        <button
          type="button"
          className="ba-button"
          disabled={busy || account.activeSessions === 0}
          onClick={() => void run((a) => adminApi.revokeSessions(a), ended)}
          data-testid="revoke-sessions"
        >
          {t('admin.revoke')} ({account.activeSessions})
        </button>
        <p className="adm-muted">{t('admin.revokeNote')}</p>
      </div>
      <div className="adm-action">
        <button
          type="button"
          className="ba-button"
          disabled={busy || account.failedSignIns === 0}
          onClick={() =>
            void run(
              (a) => adminApi.unlock(a),
              (r) => t('admin.failuresCleared', { n: r.failuresCleared ?? 0 }),
            )
          }
          data-testid="unlock-user"
        >
          {t('admin.unlock')}
        </button>
        <p className="adm-muted">{t('admin.unlockNote')}</p>
      </div>
    </section>
  );
}

export function PasswordSection({
  busy,
  run,
  problems,
}: Omit<SectionProps, 'account'> & { problems: Record<string, string> }) {
  const { t } = useI18n();
  const [secret, setSecret] = useState<PasswordChoiceValue>({ choose: false, password: '' });
  return (
    <section className="adm-section" aria-labelledby="adm-password">
      <h3 id="adm-password">{t('admin.passwordTitle')}</h3>
      <p className="adm-muted">{t('admin.resetNote')}</p>
      <PasswordChoice
        name="new-password"
        legendHidden
        labels={{
          legend: t('admin.passwordTitle'),
          generate: t('admin.generateNew'),
          choose: t('admin.setPassword'),
          input: t('admin.newPassword'),
        }}
        value={secret}
        onChange={setSecret}
        problem={problems.password}
      />
      <button
        type="button"
        className="ba-button"
        disabled={busy || (secret.choose && !secret.password)}
        onClick={() =>
          void run(
            (a) => adminApi.resetPassword(a, secret.choose ? secret.password : undefined),
            (r) => `${t('admin.passwordTitle')} · ${t('admin.sessionsEnded', { n: r.sessionsEnded ?? 0 })}`,
          )
        }
        data-testid="reset-password"
      >
        {t('admin.passwordTitle')}
      </button>
    </section>
  );
}
