import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from '@/features/integrations/api/connections';
import { IntegrationsPage } from '@/features/integrations/components/integrations-page';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const github = { id: 'gh1', provider: 'github', account: 'octo', siteUrl: null, scopes: 'repo', status: 'active', tokenExpiresAt: null, createdBy: 'ann', createdAt: '2026-11-26T10:00:00Z', webhookUrl: null, webhookSecretSet: false };
const atlassian = { ...github, id: 'at1', provider: 'atlassian', account: 'acme', siteUrl: 'https://acme.atlassian.net' };
const target = (over: object = {}) => ({ id: 't1', connectionId: 'gh1', kind: 'github-repo', key: 'octo/docs', jql: null, knowledgeSourceId: null, lastSyncedAt: null, createdAt: '2026-11-26T10:01:00Z', ...over });
const job = (over: object = {}) => ({ id: 'j1', targetId: 't1', trigger: 'created', status: 'done', documents: 12, error: null, createdAt: '2026-11-26T10:01:00Z', startedAt: null, finishedAt: null, ...over });

describe('integrations screen', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists connections with what they sync and the latest job, and syncs a target now', async () => {
    let jobs = [job()];
    const { calls } = mockApi({
      'GET /api/v1/integrations/connections': [github],
      'GET /api/v1/integrations/connections/gh1/targets': [target()],
      'GET /api/v1/integrations/targets/t1/jobs': () => ({ body: jobs }),
      'POST /api/v1/integrations/targets/t1/sync': () => {
        jobs = [job({ id: 'j2', trigger: 'manual', status: 'running', documents: 3 }), ...jobs];
        return { status: 202, body: jobs[0] };
      },
    });
    renderWithProviders(<IntegrationsPage canWrite />);
    const row = await screen.findByTestId('target-row');
    expect(row).toHaveTextContent('Repository octo/docs');
    await waitFor(() => expect(row).toHaveTextContent('done12 documents'));
    await userEvent.click(within(row).getByRole('button', { name: 'Sync Repository octo/docs now' }));
    await waitFor(() => expect(row).toHaveTextContent('running3 documents'));
    expect(within(row).getByRole('button', { name: 'Sync Repository octo/docs now' })).toBeDisabled();
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/integrations/targets/t1/sync')).toHaveLength(1);
  });

  it('connects by sending the browser to the provider’s authorization URL', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const { calls } = mockApi({
      'GET /api/v1/integrations/connections': [],
      'POST /api/v1/integrations/github/authorize': { authorizationUrl: 'https://github.com/login/oauth/authorize?state=abc', redirectUri: 'https://devflow.example/integrations/callback/github', expiresAt: '2026-11-26T10:10:00Z' },
    });
    renderWithProviders(<IntegrationsPage canWrite />);
    expect(await screen.findByText(/No connections yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Connect GitHub' }));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://github.com/login/oauth/authorize?state=abc'));
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/integrations/github/authorize')).toBe(true);
  });

  it('says so when a provider is not set up on this installation, in the API’s words', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const detail = 'Connecting atlassian is not set up on this installation: set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET.';
    mockApi({
      'GET /api/v1/integrations/connections': [],
      'POST /api/v1/integrations/atlassian/authorize': { status: 503, problem: true, body: { title: 'Service Unavailable', status: 503, detail } },
    });
    renderWithProviders(<IntegrationsPage canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connect Atlassian' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(detail);
    expect(go).not.toHaveBeenCalled();
  });

  it('adds a Jira project with JQL, and shows a problem the API has with a target', async () => {
    let targets: object[] = [];
    const { calls } = mockApi({
      'GET /api/v1/integrations/connections': [atlassian],
      'GET /api/v1/integrations/connections/at1/targets': () => ({ body: targets }),
      'POST /api/v1/integrations/connections/at1/targets': (body) => {
        const b = body as { key: string; kind: string; jql?: string };
        if (b.key === 'SECRET') return { status: 502, problem: true, body: { title: 'Bad Gateway', status: 502, detail: "Could not check access: jira-project 'SECRET' is not visible to this connection." } };
        targets = [target({ id: 't9', connectionId: 'at1', kind: b.kind, key: b.key, jql: b.jql })];
        return { status: 201, body: { target: targets[0], job: job({ id: 'j9', targetId: 't9', status: 'queued', documents: 0 }) } };
      },
      'GET /api/v1/integrations/targets/t9/jobs': [job({ id: 'j9', targetId: 't9', status: 'queued', documents: 0 })],
    });
    renderWithProviders(<IntegrationsPage canWrite />);
    const form = await screen.findByRole('form', { name: 'Add what acme syncs' });
    await userEvent.selectOptions(within(form).getByLabelText('Sync'), 'jira-project');
    await userEvent.type(within(form).getByLabelText('Jira project'), 'SECRET');
    await userEvent.click(within(form).getByRole('button', { name: 'Add and sync' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent("jira-project 'SECRET' is not visible to this connection");

    await userEvent.clear(within(form).getByLabelText('Jira project'));
    await userEvent.type(within(form).getByLabelText('Jira project'), 'ENG');
    await userEvent.type(within(form).getByLabelText('JQL (optional)'), 'labels = backend');
    await userEvent.click(within(form).getByRole('button', { name: 'Add and sync' }));
    const row = await screen.findByTestId('target-row');
    expect(row).toHaveTextContent('Jira project ENG');
    expect(row).toHaveTextContent('labels = backend');
    await waitFor(() => expect(row).toHaveTextContent('queued'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toContainEqual({ kind: 'jira-project', key: 'ENG', jql: 'labels = backend' });
  });

  it('disconnects after confirmation', async () => {
    let connections = [github];
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { calls } = mockApi({
      'GET /api/v1/integrations/connections': () => ({ body: connections }),
      'GET /api/v1/integrations/connections/gh1/targets': [],
      'DELETE /api/v1/integrations/connections/gh1': () => { connections = []; return { body: { id: 'gh1', revoked: true } }; },
    });
    renderWithProviders(<IntegrationsPage canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect GitHub · octo' }));
    expect(await screen.findByText(/No connections yet/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/integrations/connections/gh1')).toBe(true);
  });

  it('lets viewers see connections but offers no connect, sync or disconnect', async () => {
    mockApi({
      'GET /api/v1/integrations/connections': [github],
      'GET /api/v1/integrations/connections/gh1/targets': [target()],
      'GET /api/v1/integrations/targets/t1/jobs': [job()],
    });
    renderWithProviders(<IntegrationsPage canWrite={false} />);
    expect(await screen.findByTestId('target-row')).toHaveTextContent('octo/docs');
    expect(screen.queryByRole('button', { name: /Connect|Sync|Disconnect/ })).toBeNull();
    expect(screen.getByText(/Viewers can see connections/)).toBeInTheDocument();
  });
});
