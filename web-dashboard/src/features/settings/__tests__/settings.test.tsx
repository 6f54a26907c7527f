import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SettingsPage } from '@/features/settings/components/settings-page';
import { mcpConfigs } from '@/features/settings/components/mcp-config';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';

const usage = { tenant: 'acme', plan: 'pro', metrics: { sources: { used: 3, limit: 10, period: 'total', metered: true }, llmCalls: { used: null, limit: 1000, period: 'month', metered: false }, storageBytes: { used: 52428800, limit: 1073741824, period: 'total', metered: true } } };
const key = (over: object = {}) => ({ id: 'k1', userId: 'u1', name: 'laptop', prefix: 'dfk_ab12', scopes: [], createdAt: '2026-01-01T00:00:00Z', lastUsedAt: null, expiresAt: null, revokedAt: null, ...over });

describe('settings screen', () => {
  it('creates a key, shows its secret once, and revokes a key', async () => {
    let keys = [key()];
    const { calls } = mockApi({
      'GET /api/v1/usage': usage,
      'GET /api/v1/keys': () => ({ body: keys }),
      'POST /api/v1/keys': () => { keys = [...keys, key({ id: 'k2', name: 'ci' })]; return { status: 201, body: { key: key({ id: 'k2', name: 'ci' }), apiKey: 'dfk_secret_once' } }; },
      'DELETE /api/v1/keys/k1': () => { keys = [key({ revokedAt: '2026-02-01T00:00:00Z' }), keys[1]]; return { body: keys[0] }; },
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithProviders(<SettingsPage local={false} canWrite />);
    await userEvent.type(await screen.findByLabelText('Key name'), 'ci');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('new-key')).toHaveTextContent('dfk_secret_once');
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('dfk_secret_once')).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke laptop' }));
    await waitFor(() => expect(screen.getAllByTestId('key-row')[0]).toHaveTextContent('revoked'));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/keys/k1')).toBe(true);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'ci' });
  });

  it('shows each key’s scopes and last use, and creates a key limited to the scopes ticked', async () => {
    const lastUsedAt = '2026-03-04T05:06:07Z';
    const { calls } = mockApi({
      'GET /api/v1/usage': usage,
      'GET /api/v1/keys': [key(), key({ id: 'k2', name: 'runner-box', scopes: ['mcp', 'runner'], lastUsedAt })],
      'POST /api/v1/keys': (b) => ({ status: 201, body: { key: key({ id: 'k3', ...(b as object) }), apiKey: 'dfk_scoped' } }),
    });
    renderWithProviders(<SettingsPage local={false} canWrite />);
    const [full, scoped] = await screen.findAllByTestId('key-row');
    expect(within(full).getByTestId('key-scopes')).toHaveTextContent('full access');
    expect(full).toHaveTextContent('never');
    expect(within(scoped).getByTestId('key-scopes')).toHaveTextContent('mcprunner');
    expect(scoped).toHaveTextContent(new Date(lastUsedAt).toLocaleString());

    const scopes = screen.getByRole('group', { name: 'Scopes' });
    expect(scopes).toHaveTextContent('read-only (only reading, never changing)');
    expect(scopes).toHaveTextContent('mcp (only the MCP endpoint)');
    expect(scopes).toHaveTextContent('runner (only devflow runner)');
    await userEvent.type(screen.getByLabelText('Key name'), 'laptop runner');
    await userEvent.type(screen.getByLabelText('Expires in days'), '30');
    await userEvent.click(within(scopes).getByLabelText(/^runner/));
    await userEvent.click(within(scopes).getByLabelText(/^read-only/));
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('new-key')).toHaveTextContent('dfk_scoped');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'laptop runner', expiresInDays: 30, scopes: ['read-only', 'runner'] });
    expect(within(scopes).getByLabelText(/^runner/)).not.toBeChecked();
  });

  it('shows usage against the plan limits, and says which metrics are not metered', async () => {
    mockApi({ 'GET /api/v1/usage': usage, 'GET /api/v1/keys': [] });
    renderWithProviders(<SettingsPage local={false} canWrite />);
    expect(await screen.findByText(/Knowledge sources: 3 \/ 10/)).toBeInTheDocument();
    expect(screen.getByText(/LLM calls: not metered yet \/ 1000 this month/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Knowledge sources used' })).toHaveAttribute('aria-valuenow', '3');
    expect(screen.getByText(/Storage: 50.0 MB \/ 1.0 GB/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Storage used' })).toHaveAttribute('aria-valuenow', '52428800');
  });

  it('in local mode explains there are no keys instead of calling the API', async () => {
    const { calls } = mockApi({ 'GET /api/v1/usage': usage });
    renderWithProviders(<SettingsPage local canWrite />);
    expect(await screen.findByText(/Local mode has no API keys/)).toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/keys')).toBe(false);
  });

  it('switches to dark mode from the preferences', async () => {
    mockApi({ 'GET /api/v1/usage': usage });
    renderWithProviders(<SettingsPage local canWrite />);
    await userEvent.click(within(screen.getByRole('group', { name: 'Theme' })).getByLabelText('Dark'));
    expect(document.documentElement).toHaveClass('dark');
  });

  it('gives MCP configurations for Claude Code and OpenCode, with a key placeholder outside local mode', () => {
    const saas = mcpConfigs('https://devflow.example', false);
    const claude = JSON.parse(saas['Claude Code (.mcp.json)']);
    expect(claude.mcpServers.devflow).toEqual({ type: 'http', url: 'https://devflow.example/mcp', headers: { Authorization: 'Bearer <your DevFlow API key>' } });
    const opencode = JSON.parse(mcpConfigs('http://127.0.0.1:3737', true)['OpenCode (opencode.json)']);
    expect(opencode.mcp.devflow).toEqual({ type: 'remote', url: 'http://127.0.0.1:3737/mcp', enabled: true });
  });
});
