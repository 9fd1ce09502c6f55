// The top bar's sign-in button; once signed in, the user's name and a sign-out button.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from './auth.tsx';
import { LoginDialog } from './LoginDialog.tsx';

const ROLE_ZH = { admin: '管理员', boundary_editor: '界线编辑', planner: '规划', viewer: '只读' } as const;

export function LoginButton() {
  const auth = useAuth();
  const { language } = useI18n();
  const zh = language === 'zh';
  return (
    <span className="login-wrap">
      {auth.user ? (
        <span className="ba-user" data-testid="signed-in-user">
          <span className="ba-user-name" title={auth.user.username}>
            {auth.user.displayName}
            <small>{zh ? ROLE_ZH[auth.user.role] : auth.user.role}</small>
          </span>
          <button type="button" className="button login-button" onClick={() => void auth.logout()}>
            {zh ? '退出' : 'Sign out'}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button login-button"
          onClick={auth.requestLogin}
          data-testid="login-button"
        >
          {zh ? '登录' : 'Sign in'}
        </button>
      )}
      {auth.loginRequested && <LoginDialog onClose={auth.closeLogin} />}
    </span>
  );
}
