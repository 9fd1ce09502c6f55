// Who is signed in, for the whole client: GET /api/auth/me once, then login/logout. The session
// itself is an HttpOnly cookie the page never sees.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Role } from '../../../server/contract/roles.ts';
import { request } from '../../api/client.ts';

export type { Role };

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface Auth {
  user: User | null;
  /** False until /api/auth/me has answered. */
  known: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** Opens the login dialog (e.g. from "登录后编辑"). */
  requestLogin: () => void;
  loginRequested: boolean;
  closeLogin: () => void;
  can: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

/** POSTs JSON through the one API client (mutating requests must be JSON: 415 otherwise). */
const postJson = <T,>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [known, setKnown] = useState(false);
  const [loginRequested, setLoginRequested] = useState(false);

  useEffect(() => {
    request<{ user: User | null }>('/api/auth/me')
      .then((body) => setUser(body.user))
      .catch(() => setUser(null))
      .finally(() => setKnown(true));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const body = await postJson<{ user: User }>('/api/auth/login', { username, password });
    setUser(body.user);
    setLoginRequested(false);
    return body.user;
  }, []);

  const logout = useCallback(async () => {
    await postJson('/api/auth/logout', {}).catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo<Auth>(
    () => ({
      user,
      known,
      login,
      logout,
      loginRequested,
      requestLogin: () => setLoginRequested(true),
      closeLogin: () => setLoginRequested(false),
      can: (...roles) => user !== null && (user.role === 'admin' || roles.includes(user.role)),
    }),
    [user, known, login, logout, loginRequested],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
