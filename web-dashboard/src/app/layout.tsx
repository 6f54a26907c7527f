import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { Button } from '@/components/ui/button';
import type { Session } from '@/features/auth/api/get-session';
import { useEvents } from '@/features/overview/api/get-events';
import { connectRealtime } from '@/lib/realtime';
import { useLiveStore } from '@/stores/live-store';
import { useAuthStore } from '@/stores/auth-store';
import { useUiStore } from '@/stores/ui-store';
import { ConnectionStatus } from '@/features/overview/components/connection-status';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/knowledge', label: 'Knowledge' },
  { to: '/workflows', label: 'Workflows' },
  { to: '/integrations', label: 'Integrations' },
  { to: '/settings', label: 'Settings' },
];

/** The frame of every screen: navigation, tenant, theme switch, and the one /ws connection. */
export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();
  const apiKey = useAuthStore((s) => s.apiKey);
  const signOut = useAuthStore((s) => s.signOut);
  const { theme, toggleTheme } = useUiStore();

  const history = useEvents();
  useEffect(() => connectRealtime({ token: apiKey, queryClient }), [apiKey, queryClient]);
  useEffect(() => {
    if (history.data) useLiveStore.getState().seed(history.data);
  }, [history.data]);

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">Skip to content</a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <span className="text-lg font-bold text-indigo-600 dark:text-indigo-400">DevFlow</span>
          <nav aria-label="Main" className="flex gap-1">
            {NAV.map((n) => (
              <NavLink
                key={n.to}
                to={n.to}
                end={n.to === '/'}
                className={({ isActive }) =>
                  `rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-indigo-100 text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'}`
                }
              >
                {n.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <ConnectionStatus />
            <span data-testid="tenant">
              {session.mode === 'local' ? 'Local' : `${session.tenant ?? 'platform'} · ${session.role}`}
            </span>
            <Button variant="ghost" onClick={toggleTheme} aria-label={theme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'} aria-pressed={theme === 'dark'}>
              {theme === 'dark' ? '☀ Light' : '☾ Dark'}
            </Button>
            {session.mode !== 'local' && <Button variant="secondary" onClick={() => signOut()}>Sign out</Button>}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
