import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunnersPanel } from '@/features/workflows/components/runners-panel';
import { WorkflowsPage } from '@/features/workflows/components/workflows-page';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const definition = { id: 1, name: 'feature', version: 1, format: 'yaml', source: 'phases: []', model: { phases: [{ name: 'plan' }], tasks: [{}] }, createdAt: '' };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const runner = (over: object = {}) => ({
  id: 1,
  name: 'ann-laptop',
  repositories: [
    { name: 'acme/api', branches: ['main', 'develop', 'feature/x'] },
    { name: 'acme/web', branches: ['main'] },
  ],
  kinds: [
    { kind: 'claude-code', available: true, program: '/usr/bin/claude', problem: null, family: 'claude' },
    { kind: 'opencode', available: false, program: null, problem: "'opencode' is not on the PATH", family: 'opencode' },
  ],
  version: '0.9.0',
  connected: true,
  connectedBy: 'ann',
  connectedAt: minutesAgo(30),
  lastSeenAt: minutesAgo(3),
  liveAgents: 2,
  ...over,
});
const run = { id: 12, workflowId: 1, workflowName: 'feature', workflowVersion: 1, repoPath: null, repository: 'acme/api', baseBranch: 'develop', status: 'running', createdAt: new Date().toISOString() };

describe('runners panel', () => {
  afterEach(() => vi.useRealTimers());

  it('shows each runner: connection, last seen, repositories, the agent kinds it can and cannot run, live agents', async () => {
    mockApi({
      'GET /api/v1/workflows': [],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [],
      'GET /api/v1/runners': [runner({ id: 2, name: 'old-box', connected: false, connectedBy: null, lastSeenAt: minutesAgo(60 * 48), liveAgents: 0, repositories: [], kinds: [] }), runner()],
    });
    renderWithProviders(<WorkflowsPage canWrite={false} />);
    const list = await screen.findByRole('list', { name: 'Runners' });
    const [first, second] = within(list).getAllByTestId('runner-row');
    expect(first).toHaveTextContent('ann-laptop');
    expect(within(first).getByText('connected')).toBeInTheDocument();
    expect(first).toHaveTextContent('last seen 3m ago');
    expect(first).toHaveTextContent('by ann');
    expect(first).toHaveTextContent('version 0.9.0');
    expect(first).toHaveTextContent('2 live agents');
    expect(first).toHaveTextContent('Repositories: acme/api (3 branches), acme/web (1 branch)');
    expect(first).toHaveTextContent('Runs: claude-code');
    expect(within(first).getByRole('list', { name: 'Agent kinds ann-laptop cannot run' })).toHaveTextContent("opencode: 'opencode' is not on the PATH");
    expect(second).toHaveTextContent('old-box');
    expect(within(second).getByText('disconnected')).toBeInTheDocument();
    expect(second).toHaveTextContent('last seen 2d ago');
    expect(second).toHaveTextContent('0 live agents');
    expect(second).toHaveTextContent('Repositories: none');
  });

  it('explains how to start a runner when there is none', async () => {
    mockApi({ 'GET /api/v1/runners': [] });
    renderWithProviders(<RunnersPanel />);
    const empty = await screen.findByText(/No runners yet/);
    expect(empty).toHaveTextContent(
      "No runners yet. On a developer's machine run: devflow runner --repo NAME=/path/to/checkout (with DEVFLOW_API_URL and a runner key)",
    );
  });

  it('reads the runners again every 5 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let connected = true;
    const { calls } = mockApi({ 'GET /api/v1/runners': () => ({ body: [runner({ connected })] }) });
    renderWithProviders(<RunnersPanel />);
    expect(await screen.findByText('connected')).toBeInTheDocument();
    connected = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    expect(await screen.findByText('disconnected')).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/runners').length).toBeGreaterThanOrEqual(2);
  });
});

describe('starting a run', () => {
  it('starts a run on a runner’s repository, sending its name instead of a path', async () => {
    const { calls } = mockApi({
      'GET /api/v1/workflows': [definition],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [],
      'GET /api/v1/runners': [runner(), runner({ id: 2, name: 'bob-box', repositories: [{ name: 'acme/api', branches: ['main', 'hotfix'] }] })],
      'POST /api/v1/runs': { status: 201, body: run },
      'GET /api/v1/runs/12/tasks': [],
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    const form = await screen.findByRole('form', { name: 'Start a run' });
    const select = await within(form).findByRole('combobox', { name: 'Runner repository' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['none: use the path', 'acme/api', 'acme/web']);
    await userEvent.selectOptions(select, 'acme/api');
    expect(within(form).getByLabelText('Repository path')).toBeDisabled();
    const branch = within(form).getByLabelText('Base branch');
    expect([...document.querySelectorAll(`#${branch.getAttribute('list')} option`)].map((o) => o.getAttribute('value'))).toEqual(['develop', 'feature/x', 'hotfix', 'main']);
    await userEvent.clear(branch);
    await userEvent.type(branch, 'develop');
    await userEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/runs')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ workflowId: 1, repository: 'acme/api', baseBranch: 'develop' });
  });

  it('starts a run on a path when no runner repository is chosen, sending only the path', async () => {
    const { calls } = mockApi({
      'GET /api/v1/workflows': [definition],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [],
      'GET /api/v1/runners': [runner()],
      'POST /api/v1/runs': { status: 201, body: { ...run, repoPath: '/tmp/repo', repository: null } },
      'GET /api/v1/runs/12/tasks': [],
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    const form = await screen.findByRole('form', { name: 'Start a run' });
    await within(form).findByRole('combobox', { name: 'Runner repository' });
    await userEvent.type(within(form).getByLabelText('Repository path'), '/tmp/repo');
    await userEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/runs')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ workflowId: 1, repoPath: '/tmp/repo', baseBranch: 'main' });
  });

  it('takes a runner repository as text when no runner announced one, and shows the API’s complaint about it', async () => {
    const detail = "No runner serving repository 'acme/ghost' is connected.";
    const { calls } = mockApi({
      'GET /api/v1/workflows': [definition],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [],
      'GET /api/v1/runners': [],
      'POST /api/v1/runs': { status: 422, problem: true, body: { title: 'Unprocessable Entity', status: 422, detail, field: 'repository' } },
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    const form = await screen.findByRole('form', { name: 'Start a run' });
    await screen.findByText(/No runners yet/);
    await userEvent.type(within(form).getByRole('textbox', { name: 'Runner repository' }), 'acme/ghost');
    await userEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(within(form).getByRole('textbox', { name: 'Runner repository' })).toHaveAttribute('aria-invalid', 'true'));
    expect(within(form).getAllByText(detail).length).toBeGreaterThan(0);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ workflowId: 1, repository: 'acme/ghost', baseBranch: 'main' });
  });

  it('lists a run on a runner by its repository name', async () => {
    mockApi({ 'GET /api/v1/workflows': [definition], 'GET /api/v1/runs': [run], 'GET /api/v1/agents': [], 'GET /api/v1/runners': [] });
    renderWithProviders(<WorkflowsPage canWrite={false} />);
    expect(await screen.findByRole('button', { name: /Run 12/ })).toHaveTextContent('acme/api (runner) @ develop');
  });
});
