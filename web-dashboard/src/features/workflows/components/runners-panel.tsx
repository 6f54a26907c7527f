import { Badge } from '@/components/ui/badge';
import { QueryState } from '@/components/ui/states';
import { ago, dateTime } from '@/lib/format';
import { useRunners } from '../api/runners';

/** The tenant's runners: connected or not, the repositories they serve, the agent kinds they can run. */
export function RunnersPanel() {
  const runners = useRunners();
  return (
    <QueryState
      query={runners}
      empty={
        <>
          No runners yet. On a developer's machine run: <code>devflow runner --repo NAME=/path/to/checkout</code> (with DEVFLOW_API_URL and a runner key)
        </>
      }
    >
      {(items) => (
        <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Runners">
          {[...items]
            .sort((a, b) => Number(b.connected) - Number(a.connected) || a.name.localeCompare(b.name))
            .map((r) => {
              const available = r.kinds.filter((k) => k.available);
              const unavailable = r.kinds.filter((k) => !k.available);
              return (
                <li key={r.id} className="grid gap-1 py-2 text-sm" data-testid="runner-row">
                  <p>
                    <span className="font-medium">{r.name}</span> <Badge status={r.connected ? 'connected' : 'disconnected'} />
                    <span className="text-xs text-slate-500">
                      {r.lastSeenAt && <span title={dateTime(r.lastSeenAt)}> · last seen {ago(r.lastSeenAt)} ago</span>}
                      {r.connected && r.connectedBy && ` · by ${r.connectedBy}`}
                      {r.version && ` · version ${r.version}`}
                      {` · ${r.liveAgents} live ${r.liveAgents === 1 ? 'agent' : 'agents'}`}
                    </span>
                  </p>
                  <p className="text-xs">
                    Repositories:{' '}
                    {r.repositories.length === 0
                      ? 'none'
                      : r.repositories.map((repo) => `${repo.name} (${repo.branches.length} ${repo.branches.length === 1 ? 'branch' : 'branches'})`).join(', ')}
                  </p>
                  <p className="text-xs">Runs: {available.length === 0 ? 'no agent kind' : available.map((k) => k.kind).join(', ')}</p>
                  {unavailable.length > 0 && (
                    <ul className="text-xs text-red-600 dark:text-red-400" aria-label={`Agent kinds ${r.name} cannot run`}>
                      {unavailable.map((k) => (
                        <li key={k.kind}>
                          {k.kind}: {k.problem ?? 'not available'}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
        </ul>
      )}
    </QueryState>
  );
}
