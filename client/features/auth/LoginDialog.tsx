// The sign-in dialog: username and password, errors shown under the form in plain words.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import '../boundaries/boundaries.css';
import { useAuth } from './auth.tsx';

export function LoginDialog({ onClose }: { onClose: () => void }) {
  const { login } = useAuth();
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t('auth.wrongUsernameOrPassword'));
      else if (e instanceof ApiError && e.status === 423)
        setError(e.message); // the account is locked; the server says until when, in both languages
      else if (e instanceof ApiError && e.status === 429) setError(t('auth.tooManyFailedAttempts'));
      else setError(t('auth.couldNotSignIn'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      id="login"
      title={t('auth.signIn')}
      className="ba-login"
      onClose={onClose}
      submit={{
        label: busy ? t('auth.signingIn') : t('auth.signIn'),
        cancel: t('auth.cancel'),
        disabled: busy,
        onSubmit: submit,
      }}
    >
      <label className="ba-field">
        <span>{t('auth.username')}</span>
        <input
          ref={first}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label className="ba-field">
        <span>{t('auth.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="ba-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
