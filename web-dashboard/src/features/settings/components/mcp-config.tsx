import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** The MCP client configuration for Claude Code and OpenCode, pointing at this gateway's /mcp. */
export function mcpConfigs(origin: string, local: boolean) {
  const url = `${origin}/mcp`;
  const headers = local ? undefined : { Authorization: 'Bearer <your DevFlow API key>' };
  const claude = { mcpServers: { devflow: { type: 'http', url, ...(headers ? { headers } : {}) } } };
  const opencode = { $schema: 'https://opencode.ai/config.json', mcp: { devflow: { type: 'remote', url, enabled: true, ...(headers ? { headers } : {}) } } };
  return {
    'Claude Code (.mcp.json)': JSON.stringify(claude, null, 2),
    'OpenCode (opencode.json)': JSON.stringify(opencode, null, 2),
  };
}

export function McpConfig({ local }: { local: boolean }) {
  const configs = mcpConfigs(window.location.origin, local);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {Object.entries(configs).map(([title, text]) => (
        <div key={title}>
          <div className="mb-1 flex items-center justify-between">
            <h3 className="text-sm font-medium">{title}</h3>
            <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(title))}>
              {copied === title ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <pre className="overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100" aria-label={title}>{text}</pre>
        </div>
      ))}
    </div>
  );
}
