import { useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ProblemAlert, Spinner } from '@/components/ui/states';
import { canWrite, useSession } from '@/features/auth/api/get-session';
import { SignIn } from '@/features/auth/components/sign-in';
import { IntegrationsPage } from '@/features/integrations/components/integrations-page';
import { OAuthCallbackPage } from '@/features/integrations/components/oauth-callback-page';
import { KnowledgePage } from '@/features/knowledge/components/knowledge-page';
import { OverviewPage } from '@/features/overview/components/overview-page';
import { SettingsPage } from '@/features/settings/components/settings-page';
import { WorkflowsPage } from '@/features/workflows/components/workflows-page';
import { ApiError } from '@/lib/api-client';
import { useAuthStore } from '@/stores/auth-store';
import { applyTheme, useUiStore } from '@/stores/ui-store';
import { Layout } from './layout';

/** Finds out who we are (local mode needs no login), then shows the screens. */
export function App() {
  const apiKey = useAuthStore((s) => s.apiKey);
  const theme = useUiStore((s) => s.theme);
  const session = useSession(apiKey);
  useEffect(() => applyTheme(theme), [theme]);

  if (session.isPending) return <Spinner label="Connecting to DevFlow…" />;
  if (session.error) {
    if (session.error instanceof ApiError && session.error.status === 401) {
      return <SignIn error={apiKey ? session.error : undefined} />;
    }
    return (
      <main className="mx-auto mt-24 max-w-xl">
        <ProblemAlert error={session.error} />
        <button className="underline" onClick={() => session.refetch()}>Retry</button>
      </main>
    );
  }
  const s = session.data!;
  const write = canWrite(s);
  return (
    <BrowserRouter>
      <Layout session={s}>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/knowledge" element={<KnowledgePage canWrite={write} />} />
          <Route path="/workflows" element={<WorkflowsPage canWrite={write} />} />
          <Route path="/integrations" element={<IntegrationsPage canWrite={write} />} />
          <Route path="/integrations/callback/:provider" element={<OAuthCallbackPage />} />
          <Route path="/settings" element={<SettingsPage local={s.mode === 'local'} canWrite={write} />} />
          <Route path="*" element={<p>There is no such page. <a className="underline" href="/">Back to the overview</a></p>} />
        </Routes>
      </Layout>
    </BrowserRouter>
  );
}
