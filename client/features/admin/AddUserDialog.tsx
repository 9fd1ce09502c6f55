// 新增用户: username, name, role and the first password — chosen (checked by the server's policy,
// problems shown at the field) or generated and shown once when the account is made.
import { type FormEvent, useState } from 'react';
import { USERNAME_PATTERN } from '../../../server/contract/admin.schemas.ts';
import { ROLE_TERMS, ROLES, type Role } from '../../../server/contract/roles.ts';
import { termLabel } from '../../../server/contract/terms.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { type AdminUser, adminApi } from './adminApi.ts';
import { GeneratedPassword } from './GeneratedPassword.tsx';
import { PasswordChoice, type PasswordChoiceValue } from './PasswordChoice.tsx';
import { fieldProblems, refusalText } from './text.ts';

export function AddUserDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (user: AdminUser) => void;
}) {
  const { t, language } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [secret, setSecret] = useState<PasswordChoiceValue>({ choose: false, password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [made, setMade] = useState<{ user: AdminUser; password?: string } | null>(null);

  if (made)
    return (
      <Dialog
        id="add-user"
        title={t('admin.userAdded', { name: made.user.username })}
        onClose={onClose}
        actions={
          <button
            type="button"
            className="ba-button ba-primary"
            onClick={onClose}
            data-testid="add-user-done"
          >
            {t('admin.done')}
          </button>
        }
      >
        {made.password ? <GeneratedPassword username={made.user.username} password={made.password} /> : null}
      </Dialog>
    );

  const problems = fieldProblems(error, language);
  const wellFormed = USERNAME_PATTERN.test(username.trim().toLowerCase());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await adminApi.add({
        username: username.trim(),
        role,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(secret.choose ? { password: secret.password } : {}),
      });
      onAdded(result.user);
      setMade({ user: result.user, password: result.generatedPassword });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const other = Object.entries(problems).filter(
    ([f]) => !['username', 'displayName', 'role', 'password'].includes(f),
  );

  return (
    <Dialog
      id="add-user"
      title={t('admin.addUser')}
      onClose={onClose}
      submit={{
        label: busy ? t('admin.saving') : t('admin.addUser'),
        cancel: t('admin.cancel'),
        disabled: busy || !wellFormed || (secret.choose && !secret.password),
        onSubmit: (e) => void submit(e),
      }}
    >
      <label className="ba-field">
        <span>{t('admin.username')}</span>
        <input
          name="username"
          autoCapitalize="none"
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-describedby="add-user-username-hint"
          required
        />
        <small id="add-user-username-hint" className="adm-muted">
          {t('admin.usernameHint')}
        </small>
        {problems.username && <span className="ba-error">{problems.username}</span>}
      </label>
      <label className="ba-field">
        <span>{t('admin.displayName')}</span>
        <input
          name="displayName"
          value={displayName}
          maxLength={60}
          placeholder={t('admin.displayNameHint')}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        {problems.displayName && <span className="ba-error">{problems.displayName}</span>}
      </label>
      <label className="ba-field">
        <span>{t('admin.role')}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {termLabel(ROLE_TERMS, r, language)}
            </option>
          ))}
        </select>
        {problems.role && <span className="ba-error">{problems.role}</span>}
      </label>
      <PasswordChoice
        name="password"
        labels={{
          legend: t('admin.initialPassword'),
          generate: t('admin.generate'),
          choose: t('admin.choose'),
          input: t('admin.password'),
        }}
        value={secret}
        onChange={setSecret}
        problem={problems.password}
      />
      {error !== null && (other.length > 0 || Object.keys(problems).length === 0) && (
        <p className="ba-error" role="alert">
          {other.length ? other.map(([, text]) => text).join('；') : refusalText(error, language)}
        </p>
      )}
    </Dialog>
  );
}
