import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { useConnections, useStartAuthorization } from '../api/connections';
import { PROVIDERS } from '../api/types';
import { ConnectionCard } from './connection-card';

/** GitHub and Atlassian connections: connect, choose what to sync, follow the sync jobs. */
export function IntegrationsPage({ canWrite }: { canWrite: boolean }) {
  const connections = useConnections();
  const start = useStartAuthorization();
  return (
    <div className="grid gap-4">
      <h1 className="text-xl font-semibold">Integrations</h1>
      <Card title="Connect an account">
        <ul className="grid gap-2 sm:grid-cols-2">
          {PROVIDERS.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
              <div>
                <p className="font-medium">{p.label}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">Syncs {p.syncs}.</p>
              </div>
              {canWrite && (
                <Button onClick={() => start.mutate(p.id)} disabled={start.isPending}>
                  Connect {p.label}
                </Button>
              )}
            </li>
          ))}
        </ul>
        {/* A provider without a client id answers 503 naming the settings to make. */}
        <ProblemAlert error={start.error} />
        {!canWrite && <p className="mt-2 text-sm text-slate-500">Viewers can see connections but not add them.</p>}
      </Card>
      <QueryState query={connections} empty="No connections yet. Connect GitHub or Atlassian to sync their documentation and issues into knowledge.">
        {(items) => (
          <div className="grid gap-4">
            {items.map((c) => (
              <ConnectionCard key={c.id} connection={c} canWrite={canWrite} />
            ))}
          </div>
        )}
      </QueryState>
    </div>
  );
}
