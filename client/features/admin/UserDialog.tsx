// 管理用户: one account's name and role, whether it may sign in (disable/enable, end sessions,
// unlock) and its password. Every change goes with the version shown (If-Match): when another
// administrator got there first the dialog says so and shows the account as it is now. What a
// change did (sessions ended, a generated password) is said under the sections.
import { useEffect, useState } from 'react';
import { ConflictError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import type { AdminUser, UserActionResult } from './adminApi.ts';
import { GeneratedPassword } from './GeneratedPassword.tsx';
import { fieldProblems, refusalText } from './text.ts';
import { AccessSection, DetailsSection, PasswordSection, type Run } from './UserSections.tsx';

const AT_FIELDS = ['displayName', 'role', 'password'];

interface Props {
  user: AdminUser;
  /** The signed-in administrator's own account: role and disable are not theirs to change. */
  self: boolean;
  onChanged: () => void;
  onClose: () => void;
}

export function UserDialog({ user, self, onChanged, onClose }: Props) {
  const { t, language } = useI18n();
  const [account, setAccount] = useState(user);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [generated, setGenerated] = useState<string | null>(null);

  // A newer copy from the list (after another change) replaces an older one.
  useEffect(() => setAccount((mine) => (user.version >= mine.version ? user : mine)), [user]);

  const run: Run = async (change, said) => {
    setBusy(true);
    setNotice('');
    setError(null);
    setGenerated(null);
    try {
      const result: UserActionResult = await change(account);
      setAccount(result.user);
      setGenerated(result.generatedPassword ?? null);
      setNotice(said(result));
      onChanged();
      return true;
    } catch (e) {
      if (e instanceof ConflictError) {
        setAccount(e.current as AdminUser);
        onChanged();
      }
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const problems = fieldProblems(error, language);
  // Problems of a field the sections show are said there; anything else (own account, last
  // administrator, not found) here.
  const others = Object.entries(problems).filter(([field]) => !AT_FIELDS.includes(field));
  const elsewhere =
    Object.keys(problems).length === 0
      ? refusalText(error, language)
      : others.map(([, text]) => text).join('；');
  return (
    <Dialog
      id="user"
      title={t('admin.editTitle', { name: account.username })}
      className="adm-user-dialog"
      onClose={onClose}
      actions={
        <button type="button" className="ba-button" onClick={onClose} data-testid="user-dialog-close">
          {t('admin.close')}
        </button>
      }
    >
      {self && <p className="adm-muted">{t('admin.ownAccount')}</p>}
      <DetailsSection
        key={`d${account.version}`}
        account={account}
        self={self}
        busy={busy}
        run={run}
        problems={problems}
      />
      <AccessSection account={account} self={self} busy={busy} run={run} />
      <PasswordSection key={`p${account.version}`} busy={busy} run={run} problems={problems} />
      <div className="adm-outcome" aria-live="polite" data-testid="user-outcome">
        {notice && <p className="adm-notice">{notice}</p>}
        {generated && <GeneratedPassword username={account.username} password={generated} />}
        {error instanceof ConflictError && <p className="ba-error">{t('admin.conflict')}</p>}
        {error !== null && !(error instanceof ConflictError) && elsewhere && (
          <p className="ba-error" role="alert">
            {elsewhere}
          </p>
        )}
      </div>
    </Dialog>
  );
}
