import { ProgressBar } from '@/components/ui/progress-bar';
import { ProblemAlert, Spinner } from '@/components/ui/states';
import { bytes } from '@/lib/format';
import { useUsage } from '../api/usage';

const LABELS: Record<string, string> = {
  sources: 'Knowledge sources',
  workflows: 'Workflow runs',
  users: 'Users',
  llmCalls: 'LLM calls',
  storageBytes: 'Storage',
};

export function UsagePanel() {
  const usage = useUsage();
  if (usage.isPending) return <Spinner />;
  if (usage.error) return <ProblemAlert error={usage.error} />;
  const u = usage.data!;
  return (
    <div className="grid gap-3">
      <p className="text-sm">Tenant <strong>{u.tenant}</strong> on the <strong>{u.plan}</strong> plan.</p>
      <ul className="grid gap-3">
        {Object.entries(u.metrics).map(([name, m]) => {
          const fmt = (n: number) => (name === 'storageBytes' ? bytes(n) : String(n));
          const limit = m.limit === null ? 'unlimited' : fmt(Number(m.limit));
          return (
            <li key={name}>
              <p className="text-sm">
                {LABELS[name] ?? name}: {m.metered && m.used !== null ? fmt(m.used) : 'not metered yet'} / {limit}
                {m.period === 'month' && ' this month'}
              </p>
              {m.metered && m.used !== null && m.limit !== null && <ProgressBar value={m.used} max={Number(m.limit)} label={`${LABELS[name] ?? name} used`} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
