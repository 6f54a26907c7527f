import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '@/app/app';
import { AppProvider } from '@/app/provider';
import { useLiveStore } from '@/stores/live-store';
import { localSession, mockApi } from '@/test/api-mock';
import { FakeSocket } from '@/test/fake-socket';

const renderApp = () => render(<AppProvider><App /></AppProvider>);

describe('app', () => {
  it('asks for an API key when the gateway wants one, then signs in with it', async () => {
    const { fetchMock } = mockApi({
      'GET /api/v1/me': () =>
        fetchMock.mock.calls.length > 1
          ? { body: { ...localSession, mode: 'saas', tenant: 'acme', role: 'viewer' } }
          : { status: 401, problem: true, body: { title: 'Unauthorized', status: 401, detail: "Send your DevFlow API key as 'Authorization: Bearer dfk_...'." } },
      'GET /api/v1/sources': [], 'GET /api/v1/runs': [], 'GET /api/v1/agents': [],
    });
    renderApp();
    await userEvent.type(await screen.findByLabelText('API key'), 'dfk_viewer');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('tenant')).toHaveTextContent('acme · viewer');
    expect(sessionStorage.getItem('devflow-api-key')).toBe('dfk_viewer');
    expect(localStorage.getItem('devflow-api-key')).toBeNull();
    expect(FakeSocket.latest().url).toContain('access_token=dfk_viewer');
  });

  it('in local mode opens on the overview with live counts and activity, no login', async () => {
    mockApi({
      'GET /api/v1/me': localSession,
      'GET /api/v1/sources': [{ id: 'a' }, { id: 'b' }],
      'GET /api/v1/runs': [{ id: 1, status: 'running' }, { id: 2, status: 'cancelled' }],
      'GET /api/v1/agents': [{ id: 1, status: 'running' }],
      'GET /api/v1/events': [{ type: 'crawl.done', id: 2, subject: 's', payload: { pagesEmbedded: 342, pagesFailed: 0 }, createdAt: new Date().toISOString() }],
    });
    renderApp();
    await waitFor(() => expect(screen.getByTestId('count-Knowledge sources')).toHaveTextContent('2'));
    await waitFor(() => expect(screen.getByTestId('count-Active workflows')).toHaveTextContent('1'));
    await waitFor(() => expect(screen.getByTestId('count-Agents running')).toHaveTextContent('1'));
    FakeSocket.latest().deliver({ type: 'welcome', tenant: 'local' });
    FakeSocket.latest().deliver({ type: 'guardian.intervened', id: 3, subject: 'agent:4', payload: { action: 'message', reason: 'idle for 5 minutes' }, createdAt: new Date().toISOString() });
    expect(await screen.findByText(/Guardian intervened on agent:4: message idle for 5 minutes/)).toBeInTheDocument();
    // History from GET /api/v1/events sits under the live event.
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items.findIndex((t) => t?.includes('Crawled: 342 pages indexed'))).toBeGreaterThan(items.findIndex((t) => t?.includes('Guardian intervened')));
    expect(screen.getAllByText('Connected (live)').length).toBeGreaterThan(0);
    expect(useLiveStore.getState().tenant).toBe('local');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('shows an API failure as the problem’s title and detail, never a blank screen', async () => {
    mockApi({ 'GET /api/v1/me': { status: 503, problem: true, body: { title: 'Service Unavailable', status: 503, detail: 'The control database is unavailable; retry shortly.' } } });
    renderApp();
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('Service Unavailable');
    expect(alert).toHaveTextContent('The control database is unavailable; retry shortly.');
  });
});
