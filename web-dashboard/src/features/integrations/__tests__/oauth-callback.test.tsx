import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '@/app/app';
import { AppProvider } from '@/app/provider';
import { OAuthCallbackPage } from '@/features/integrations/components/oauth-callback-page';
import { useAuthStore } from '@/stores/auth-store';
import { localSession, mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const CALLBACK = 'GET /api/v1/integrations/github/callback';
const connection = { id: 'c1', provider: 'github', account: 'octo', siteUrl: null, scopes: 'repo', status: 'active', tokenExpiresAt: null, createdBy: 'ann', createdAt: '2026-11-26T10:00:00Z', webhookUrl: null, webhookSecretSet: false };
const problem = (detail: string, field: string) => ({ status: 400, problem: true, body: { title: 'Invalid request', status: 400, detail, field } });

const routes = (
  <Routes>
    <Route path="/integrations/callback/:provider" element={<OAuthCallbackPage />} />
    <Route path="/integrations" element={<p>The integrations screen</p>} />
  </Routes>
);
const relays = (calls: { method: string; path: string }[]) => calls.filter((c) => c.path.startsWith('/api/v1/integrations/github/callback'));

describe('OAuth callback page', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('relays code and state to the callback API and says the account is connected', async () => {
    const { calls } = mockApi({ [CALLBACK]: { status: 201, body: connection } });
    renderWithProviders(routes, { route: '/integrations/callback/github?code=code-1&state=state-1' });
    expect(await screen.findByText('GitHub connected')).toBeInTheDocument();
    expect(screen.getByText('octo')).toBeInTheDocument();
    expect(relays(calls).map((c) => c.path)).toEqual(['/api/v1/integrations/github/callback?code=code-1&state=state-1']);
    await userEvent.click(screen.getByRole('link', { name: 'Go to Integrations' }));
    expect(await screen.findByText('The integrations screen')).toBeInTheDocument();
  });

  it('calls the API once under StrictMode, whose effects run twice: a state is single-use', async () => {
    const { calls } = mockApi({ [CALLBACK]: { status: 201, body: connection } });
    renderWithProviders(<StrictMode>{routes}</StrictMode>, { route: '/integrations/callback/github?code=code-2&state=state-strict' });
    expect(await screen.findByText('GitHub connected')).toBeInTheDocument();
    // Let any second effect run and settle before counting.
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByText('GitHub connected')).toBeInTheDocument();
    expect(relays(calls)).toHaveLength(1);
  });

  it.each([
    ['an expired state', '?code=c&state=old', problem('This authorization was started more than 10 minutes ago and has expired; start again.', 'state')],
    ['a forged state', '?code=c&state=forged', problem("Unknown or already used 'state': it was not issued to you in this tenant for this provider. Start the connection again.", 'state')],
    ['a missing code', '?state=no-code', problem("The callback carries no authorization 'code'.", 'code')],
  ])('shows the API’s problem for %s and connects nothing', async (_name, search, answer) => {
    const { calls } = mockApi({ [CALLBACK]: answer });
    renderWithProviders(routes, { route: `/integrations/callback/github${search}` });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Invalid request');
    expect(alert).toHaveTextContent(answer.body.detail);
    expect(screen.queryByText('GitHub connected')).toBeNull();
    expect(screen.getByText(/Nothing was connected/)).toBeInTheDocument();
    expect(relays(calls)).toHaveLength(1);
  });

  it('shows the provider’s error when the user denied access, without calling the API', async () => {
    const { calls } = mockApi({});
    renderWithProviders(routes, {
      route: '/integrations/callback/github?error=access_denied&error_description=The+user+has+denied+your+application+access.&state=s-denied',
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('GitHub did not grant access (access_denied)');
    expect(alert).toHaveTextContent('The user has denied your application access.');
    expect(relays(calls)).toHaveLength(0);
  });

  it('when not signed in, shows the sign-in and then completes the connection with the same code and state', async () => {
    const saas = { ...localSession, mode: 'saas', tenant: 'acme', user: 'ann', role: 'member' };
    const { calls, fetchMock } = mockApi({
      'GET /api/v1/me': () =>
        useAuthStore.getState().apiKey
          ? { body: saas }
          : { status: 401, problem: true, body: { title: 'Unauthorized', status: 401, detail: "Send your DevFlow API key as 'Authorization: Bearer dfk_...'." } },
      [CALLBACK]: { status: 201, body: connection },
    });
    window.history.pushState(null, '', '/integrations/callback/github?code=code-signin&state=state-signin');
    render(<AppProvider><App /></AppProvider>);
    await userEvent.type(await screen.findByLabelText('API key'), 'dfk_member');
    expect(relays(calls)).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('GitHub connected')).toBeInTheDocument();
    expect(relays(calls).map((c) => c.path)).toEqual(['/api/v1/integrations/github/callback?code=code-signin&state=state-signin']);
    const relay = fetchMock.mock.calls.find(([url]) => String(url).includes('/callback'))!;
    expect((relay[1]!.headers as Record<string, string>).Authorization).toBe('Bearer dfk_member');
    // Code and state leave the address bar once used; the result stays on a reload.
    expect(window.location.pathname).toBe('/integrations/callback/github');
    expect(window.location.search).toBe('');
  });
});
