// The inline "Sign in" after a hint that says what signing in unlocks; opens the sign-in dialog.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from './auth.tsx';

export function SignInLink({ className = 'link-button' }: { className?: string }) {
  const auth = useAuth();
  const { t } = useI18n();
  return (
    <button type="button" className={className} onClick={auth.requestLogin}>
      {t('auth.signIn')}
    </button>
  );
}
