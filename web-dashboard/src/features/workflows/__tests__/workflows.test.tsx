import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WorkflowsPage } from '@/features/workflows/components/workflows-page';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const definition = { id: 1, name: 'feature', version: 1, format: 'yaml', source: 'phases: []', model: { phases: [{ name: 'plan' }, { name: 'build' }], tasks: [{}, {}] }, createdAt: '' };
const run = { id: 9, workflowId: 1, workflowName: 'feature', workflowVersion: 1, repoPath: '/tmp/repo', baseBranch: 'main', status: 'running', createdAt: new Date().toISOString() };
const agent = (id: number, status: string, over: object = {}) => ({ id, taskId: id, runId: 9, kind: 'claude-code', mode: 'interactive', runnerId: null, session: 's', worktreePath: '/w', branch: 'b', status, statusReason: null, restarts: 0, promptDelivered: true, startedAt: '', lastActivityAt: null, endedAt: null, screenState: null, waitingSince: null, ...over });
const task = (over: object) => ({ id: 1, runId: 9, phase: 'plan', title: 'Write the plan', description: null, priority: 0, status: 'queued', agentId: null, resultSummary: null, statusReason: null, conflictFiles: [], commits: [], mergeCommit: null, dependsOn: [], createdAt: '', updatedAt: '', ...over });

describe('workflows screen', () => {
  it('shows the parser’s validation message under the definition, naming the field', async () => {
    mockApi({
      'GET /api/v1/workflows': [],
      'GET /api/v1/runs': [],
      'POST /api/v1/workflows': { status: 400, problem: true, body: { title: 'Invalid request', status: 400, detail: "Task 'x' names unknown phase 'nope'.", field: 'tasks[0].phase' } },
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    expect(await screen.findByText(/No workflows yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    const message = await screen.findByText(/tasks\[0\]\.phase: Task 'x' names unknown phase/);
    expect(screen.getByLabelText('Definition')).toHaveAttribute('aria-describedby', message.id);
  });

  it('creates a workflow from the chosen template', async () => {
    const { calls } = mockApi({ 'GET /api/v1/workflows': [], 'GET /api/v1/runs': [], 'POST /api/v1/workflows': { status: 201, body: definition } });
    renderWithProviders(<WorkflowsPage canWrite />);
    await userEvent.selectOptions(await screen.findByLabelText('Template'), 'bugfix');
    await userEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'bugfix', format: 'yaml', source: expect.stringContaining('reproduce') });
  });

  it('puts a run’s tasks on the board by phase and status, and moves one', async () => {
    let status = 'queued';
    const { calls } = mockApi({
      'GET /api/v1/workflows': [definition],
      'GET /api/v1/runs': [run],
      'GET /api/v1/runs/9/tasks': () => ({ body: [task({ status }), task({ id: 2, phase: 'build', title: 'Implement it', status: 'done' })] }),
      'GET /api/v1/tasks/1': () => ({ body: task({ status }) }),
      'GET /api/v1/tasks/1/interventions': [],
      'GET /api/v1/agents': [],
      'PATCH /api/v1/tasks/1/status': (b) => { status = (b as { status: string }).status; return { body: task({ status }) }; },
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: /Run 9/ }));
    const board = await screen.findByRole('region', { name: 'Task board' });
    const card = await within(board).findByRole('button', { name: /Write the plan/ });
    expect(card.closest('td')).toHaveAttribute('data-testid', 'column-To do');
    expect(within(board).getByRole('button', { name: /Implement it/ }).closest('td')).toHaveAttribute('data-testid', 'column-Done');
    await userEvent.click(card);
    await userEvent.selectOptions(await screen.findByLabelText('Move to'), 'assigned');
    await userEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(within(board).getByRole('button', { name: /Write the plan/ }).closest('td')).toHaveAttribute('data-testid', 'column-In progress'));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toMatchObject({ status: 'assigned' });
  });
});

describe('agents panel', () => {
  it('lists agents running first and stops one', async () => {
    const { calls } = mockApi({
      'GET /api/v1/workflows': [],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [agent(1, 'finished'), agent(2, 'running')],
      'POST /api/v1/agents/2/stop': agent(2, 'stopped'),
    });
    renderWithProviders(<WorkflowsPage canWrite />);
    const rows = await screen.findAllByTestId('agent-row');
    expect(rows[0]).toHaveTextContent('Agent #2');
    expect(within(rows[1]).queryByRole('button', { name: /Stop/ })).toBeNull();
    await userEvent.click(within(rows[0]).getByRole('button', { name: 'Stop agent 2' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/agents/2/stop')).toBe(true));
  });

  it('shows each agent’s mode, runner, screen state and how long it has waited', async () => {
    const waitingSince = new Date(Date.now() - 4 * 60_000).toISOString();
    mockApi({
      'GET /api/v1/workflows': [],
      'GET /api/v1/runs': [],
      'GET /api/v1/agents': [agent(1, 'running', { mode: 'headless', runnerId: 3, screenState: 'working' }), agent(2, 'running', { screenState: 'permission', waitingSince })],
    });
    renderWithProviders(<WorkflowsPage canWrite={false} />);
    const [waiting, working] = await screen.findAllByTestId('agent-row');
    expect(waiting).toHaveTextContent('Agent #2 · claude-code (interactive)');
    expect(within(waiting).getByText('permission')).toBeInTheDocument();
    expect(waiting).toHaveTextContent('waiting for 4m');
    expect(waiting).not.toHaveTextContent('on runner');
    expect(working).toHaveTextContent('Agent #1 · claude-code (headless)');
    expect(working).toHaveTextContent('on runner 3');
    expect(within(working).getByText('working')).toBeInTheDocument();
    expect(working).not.toHaveTextContent('waiting');
  });
});

describe('starting an agent', () => {
  const routes = (spawned: object[]) => ({
    'GET /api/v1/workflows': [definition],
    'GET /api/v1/runs': [run],
    'GET /api/v1/runs/9/tasks': [task({})],
    'GET /api/v1/tasks/1': task({}),
    'GET /api/v1/tasks/1/interventions': [],
    'GET /api/v1/agents': [],
    'POST /api/v1/runs/9/agents': (b: unknown) => { spawned.push(b as object); return { status: 201, body: agent(5, 'starting') }; },
  });
  const openTask = async () => {
    renderWithProviders(<WorkflowsPage canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: /Run 9/ }));
    await userEvent.click(await within(await screen.findByRole('region', { name: 'Task board' })).findByRole('button', { name: /Write the plan/ }));
    return screen.findByRole('region', { name: 'Task Write the plan' });
  };

  it('leaves the mode to the kind’s default unless one is chosen', async () => {
    const spawned: object[] = [];
    mockApi(routes(spawned));
    const detail = await openTask();
    expect(within(detail).getByLabelText('Mode')).toHaveValue('');
    await userEvent.click(within(detail).getByRole('button', { name: 'Start agent' }));
    await waitFor(() => expect(spawned).toHaveLength(1));
    expect(spawned[0]).toEqual({ kind: 'claude-code', taskId: 1 });
  });

  it('sends the mode chosen', async () => {
    const spawned: object[] = [];
    mockApi(routes(spawned));
    const detail = await openTask();
    await userEvent.selectOptions(within(detail).getByLabelText('Agent kind'), 'opencode');
    await userEvent.selectOptions(within(detail).getByLabelText('Mode'), 'headless');
    await userEvent.click(within(detail).getByRole('button', { name: 'Start agent' }));
    await waitFor(() => expect(spawned).toHaveLength(1));
    expect(spawned[0]).toEqual({ kind: 'opencode', taskId: 1, mode: 'headless' });
  });
});
