import { Card } from '@/components/ui/card';
import { AgentKinds } from './agent-kinds';
import { ApiKeys } from './api-keys';
import { McpConfig } from './mcp-config';
import { Preferences } from './preferences';
import { UsagePanel } from './usage-panel';

export function SettingsPage({ local, canWrite }: { local: boolean; canWrite: boolean }) {
  return (
    <div className="grid gap-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      <Card title="Preferences"><Preferences /></Card>
      <Card title="API keys"><ApiKeys local={local} canWrite={canWrite} /></Card>
      <Card title="Agent CLIs"><AgentKinds local={local} canWrite={canWrite} /></Card>
      <Card title="Usage"><UsagePanel /></Card>
      <Card title="MCP client configuration"><McpConfig local={local} /></Card>
    </div>
  );
}
