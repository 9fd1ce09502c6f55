// A "Sign in" button: inline after a hint that says what signing in unlocks, or the top bar's;
// it opens the sign-in dialog.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from './auth.tsx';

export function SignInLink({ className = 'link-button', testId }: { className?: string; testId?: string }) {
  const auth = useAuth();
  const { t } = useI18n();
  return (
    <button type="button" className={className} onClick={auth.requestLogin} data-testid={testId}>
      {t('auth.signIn')}
    </button>
  );
}
