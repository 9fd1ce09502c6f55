// The sign-in dialog: username and password, errors shown under the form in plain words.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
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

  useEffect(() => {
    first.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

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
    <div className="ba-modal-backdrop" role="presentation">
      <form
        className="ba-modal ba-login"
        role="dialog"
        aria-modal="true"
        aria-labelledby="login-title"
        onSubmit={submit}
        data-testid="login-dialog"
      >
        <h2 id="login-title">{t('auth.signIn')}</h2>
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
        <div className="ba-actions">
          <button type="button" className="ba-button" onClick={onClose}>
            {t('auth.cancel')}
          </button>
          <button type="submit" className="ba-button ba-primary" disabled={busy}>
            {busy ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </div>
      </form>
    </div>
  );
}
