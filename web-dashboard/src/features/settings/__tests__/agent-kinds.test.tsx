import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AgentKinds } from '@/features/settings/components/agent-kinds';
import { SettingsPage } from '@/features/settings/components/settings-page';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const usage = { tenant: 'local', plan: 'enterprise', metrics: {} };
const claude = {
  kind: 'claude-code',
  family: 'claude',
  command: 'claude',
  source: 'configuration',
  defaultMode: 'interactive',
  modes: ['interactive', 'headless'],
  env: { ANTHROPIC_API_KEY: '***', LOG_LEVEL: 'info' },
  available: false,
  resolvedPath: null,
  problem: "'claude' is not on the PATH",
};
const opencode = { ...claude, kind: 'opencode', family: 'opencode', command: '/opt/opencode/bin/opencode', source: 'setting', defaultMode: 'headless', env: {}, available: true, resolvedPath: '/opt/opencode/bin/opencode', problem: null };
const generic = { ...claude, kind: 'generic', family: 'generic', command: 'aider', modes: ['interactive'], env: {}, available: true, resolvedPath: '/usr/bin/aider', problem: null };

const rowOf = async (kind: string) => (await screen.findAllByTestId('agent-kind-row')).find((r) => r.textContent?.startsWith(kind))!;

describe('agent CLIs panel', () => {
  it('lists each kind with its program, where that comes from, its default mode and whether it can run', async () => {
    mockApi({ 'GET /api/v1/usage': usage, 'GET /api/v1/agent-kinds': [claude, opencode, generic] });
    renderWithProviders(<SettingsPage local canWrite />);
    const list = await screen.findByRole('list', { name: 'Agent CLIs' });
    expect(within(list).getAllByTestId('agent-kind-row')).toHaveLength(3);
    const c = await rowOf('claude-code');
    expect(c).toHaveTextContent('not available');
    expect(c).toHaveTextContent("'claude' is not on the PATH");
    expect(c).toHaveTextContent('claude · claude from configuration · default mode interactive');
    expect(c).toHaveTextContent('ANTHROPIC_API_KEY=*** LOG_LEVEL=info');
    const o = await rowOf('opencode');
    expect(within(o).getByText('available')).toBeInTheDocument();
    expect(o).toHaveTextContent('opencode · /opt/opencode/bin/opencode from setting · default mode headless');
    expect(o).not.toHaveTextContent('not on the PATH');
    expect(await rowOf('generic')).toHaveTextContent('runs /usr/bin/aider');
  });

  it('saves a program, default mode and environment, keeping hidden secrets out, then reads the kinds again', async () => {
    let kinds = [claude, opencode];
    const { calls } = mockApi({
      'GET /api/v1/agent-kinds': () => ({ body: kinds }),
      'PUT /api/v1/agent-kinds/claude-code': (b) => {
        const body = b as { command: string; mode: string; env: Record<string, string> };
        const updated = { ...claude, command: body.command, source: 'setting', defaultMode: body.mode, env: body.env, available: true, resolvedPath: body.command, problem: null };
        kinds = [updated, opencode];
        return { body: updated };
      },
    });
    renderWithProviders(<AgentKinds local canWrite />);
    await userEvent.click(within(await rowOf('claude-code')).getByRole('button', { name: 'Edit claude-code' }));
    const form = screen.getByRole('form', { name: 'Edit agent kind claude-code' });
    const program = within(form).getByLabelText('Program path');
    expect(program).toHaveValue('claude');
    await userEvent.clear(program);
    await userEvent.type(program, '/home/me/.local/bin/claude');
    await userEvent.selectOptions(within(form).getByLabelText('Default mode'), 'headless');
    expect(within(form).getByLabelText('Name of variable 1')).toHaveValue('ANTHROPIC_API_KEY');
    expect(within(form).getByLabelText('Value of variable 1')).toHaveValue('***');
    await userEvent.click(within(form).getByRole('button', { name: 'Remove variable 2' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add variable' }));
    await userEvent.type(within(form).getByLabelText('Name of variable 2'), 'CLAUDE_CONFIG_DIR');
    await userEvent.type(within(form).getByLabelText('Value of variable 2'), '/home/me/.claude');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit agent kind claude-code' })).toBeNull());
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/agent-kinds/claude-code');
    expect(put.body).toEqual({ command: '/home/me/.local/bin/claude', mode: 'headless', env: { CLAUDE_CONFIG_DIR: '/home/me/.claude' } });
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/agent-kinds')).toHaveLength(2));
    expect(await rowOf('claude-code')).toHaveTextContent('/home/me/.local/bin/claude from setting · default mode headless');
  });

  it('leaves an unchanged program from the configuration as null, and sends a new secret value', async () => {
    const { calls } = mockApi({ 'GET /api/v1/agent-kinds': [claude], 'PUT /api/v1/agent-kinds/claude-code': claude });
    renderWithProviders(<AgentKinds local canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit claude-code' }));
    const value = screen.getByLabelText('Value of variable 1');
    await userEvent.clear(value);
    await userEvent.type(value, 'sk-new');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ command: null, mode: 'interactive', env: { ANTHROPIC_API_KEY: 'sk-new', LOG_LEVEL: 'info' } });
  });

  it('resets a kind to the configuration with an empty setting', async () => {
    const { calls } = mockApi({ 'GET /api/v1/agent-kinds': [opencode], 'PUT /api/v1/agent-kinds/opencode': { ...opencode, source: 'configuration' } });
    renderWithProviders(<AgentKinds local canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit opencode' }));
    expect(screen.getByLabelText('Default mode')).toHaveValue('headless');
    await userEvent.click(screen.getByRole('button', { name: 'Reset to configuration' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({});
  });

  it('shows the server’s reason when it refuses the change outside local mode', async () => {
    const detail = 'Outside local mode the engine runs no program a tenant names: agents run on your runners (devflow runner --program claude-code=/path/to/cli), or the operator configures the engine’s.';
    mockApi({
      'GET /api/v1/agent-kinds': [claude],
      'PUT /api/v1/agent-kinds/claude-code': { status: 403, problem: true, body: { title: 'Forbidden', status: 403, detail, field: 'command' } },
    });
    renderWithProviders(<AgentKinds local={false} canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit claude-code' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Forbidden');
    expect(alert).toHaveTextContent(detail);
    expect(screen.getByRole('form', { name: 'Edit agent kind claude-code' })).toBeInTheDocument();
  });

  it('shows a validation message under the program path', async () => {
    mockApi({
      'GET /api/v1/agent-kinds': [claude],
      'PUT /api/v1/agent-kinds/claude-code': {
        status: 422,
        problem: true,
        body: { title: 'Invalid request', status: 422, detail: 'command is an absolute path or a program name found on the PATH.', field: 'command' },
      },
    });
    renderWithProviders(<AgentKinds local canWrite />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit claude-code' }));
    await userEvent.clear(screen.getByLabelText('Program path'));
    await userEvent.type(screen.getByLabelText('Program path'), 'rel/claude');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const message = await screen.findByText('command is an absolute path or a program name found on the PATH.');
    expect(screen.getByLabelText('Program path')).toHaveAttribute('aria-describedby', message.id);
  });

  it('offers no editing to someone who cannot write', async () => {
    mockApi({ 'GET /api/v1/agent-kinds': [claude] });
    renderWithProviders(<AgentKinds local canWrite={false} />);
    expect(await rowOf('claude-code')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
  });
});
