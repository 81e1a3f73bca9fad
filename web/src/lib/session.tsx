// Who is signed in. The session cookie is HttpOnly: the app asks /api/v1/auth/me and never sees the token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from './api';
import type { User } from './types';

interface SessionState {
  user: User | null;
  loading: boolean;
  refresh(): Promise<User | null>;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const Ctx = createContext<SessionState>({
  user: null,
  loading: true,
  refresh: async () => null,
  login: async () => {
    throw new Error('no session provider');
  },
  logout: async () => {},
});

/** Same rule as the server (access/actor.ts): any role other than reporter is staff. */
export const isStaff = (u: User | null) => !!u && u.roles.some((r) => r.role !== 'reporter');
export const hasRole = (u: User | null, ...roles: string[]) => !!u && u.roles.some((r) => roles.includes(r.role));

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const u = await api.get<User>('/api/v1/auth/me');
      setUser(u);
      return u;
    } catch (err) {
      // 401: a guest. A network failure also leaves us as a guest for now.
      if (!(err instanceof ApiError)) throw err;
      setUser(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const login = useCallback(
    async (username: string, password: string) => {
      await api.post('/api/v1/auth/login', { username, password });
      const u = await refresh();
      if (!u) throw new ApiError(401, 'unauthenticated', 'Signed in but the session was not kept (cookies disabled?)');
      return u;
    },
    [refresh],
  );
  const logout = useCallback(async () => {
    await api.post('/api/v1/auth/logout').catch(() => {});
    setUser(null);
  }, []);
  const value = useMemo(() => ({ user, loading, refresh, login, logout }), [user, loading, refresh, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);
