import { Link } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/states';
import { describeEvent } from '@/lib/describe-event';
import { ago } from '@/lib/format';
import { useLiveStore } from '@/stores/live-store';
import { useSources } from '@/features/knowledge/api/get-sources';
import { useRuns } from '@/features/workflows/api/runs';
import { useAgents } from '@/features/workflows/api/agents';
import { ConnectionStatus } from './connection-status';

function Count({ label, value, to }: { label: string; value: number | undefined; to: string }) {
  return (
    <Link to={to} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-400 dark:border-slate-700 dark:bg-slate-900">
      <p className="text-sm text-slate-500 dark:text-slate-400">{label}</p>
      <p className="text-3xl font-semibold" data-testid={`count-${label}`}>{value ?? '…'}</p>
    </Link>
  );
}

export function OverviewPage() {
  const sources = useSources();
  const runs = useRuns();
  const agents = useAgents();
  const events = useLiveStore((s) => s.events);
  const activeRuns = runs.data?.filter((r) => r.status === 'running').length;
  const runningAgents = agents.data?.filter((a) => a.status === 'running' || a.status === 'starting').length;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Overview</h1>
        <ConnectionStatus />
      </div>
      <div className="grid gap-4 sm:grid-cols-3" aria-label="Counts">
        <Count label="Knowledge sources" value={sources.data?.length} to="/knowledge" />
        <Count label="Active workflows" value={activeRuns} to="/workflows" />
        <Count label="Agents running" value={runningAgents} to="/workflows" />
      </div>
      <Card title="Recent activity">
        {events.length === 0 ? (
          <EmptyState>Nothing has happened yet. Crawls, tasks, agents and the Guardian show up here live.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Recent activity" aria-live="polite">
            {events.slice(0, 15).map((e) => (
              <li key={e.id} className="flex justify-between gap-2 py-2 text-sm">
                <span>{describeEvent(e)}</span>
                <span className="text-xs text-slate-500">{ago(e.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Quick actions">
        <div className="flex flex-wrap gap-2">
          <Link className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500" to="/knowledge">Search knowledge</Link>
          <Link className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500" to="/workflows">Create workflow</Link>
          <Link className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500" to="/workflows#agents">Monitor agents</Link>
        </div>
      </Card>
    </div>
  );
}
