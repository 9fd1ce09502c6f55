// The top bar's sign-in button; once signed in, the user's name and a sign-out button.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from './auth.tsx';
import { LoginDialog } from './LoginDialog.tsx';
import { SignInLink } from './SignInLink.tsx';

export function LoginButton() {
  const auth = useAuth();
  const { t } = useI18n();
  return (
    <span className="login-wrap">
      {auth.user ? (
        <span className="ba-user" data-testid="signed-in-user">
          <span className="ba-user-name" title={auth.user.username}>
            {auth.user.displayName}
            <small>{t(`auth.role_${auth.user.role}`)}</small>
          </span>
          <button type="button" className="button login-button" onClick={() => void auth.logout()}>
            {t('auth.signOut')}
          </button>
        </span>
      ) : (
        <SignInLink className="button login-button" testId="login-button" />
      )}
      {auth.loginRequested && <LoginDialog onClose={auth.closeLogin} />}
    </span>
  );
}
