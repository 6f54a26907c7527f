import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ProblemAlert } from '@/components/ui/states';
import { dateTime } from '@/lib/format';
import { useJobs, useSyncNow } from '../api/targets';
import type { SyncJob, SyncTarget } from '../api/types';

const KIND_LABEL: Record<string, string> = {
  'github-repo': 'Repository',
  'jira-project': 'Jira project',
  'confluence-space': 'Confluence space',
};

function JobStatus({ job }: { job: SyncJob | undefined }) {
  if (!job) return <span className="text-slate-500">never</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Badge status={job.status} />
      <span>{job.documents} documents</span>
      {job.error && <span className="text-red-700 dark:text-red-400">{job.error}</span>}
    </span>
  );
}

/** A synced repository, project or space: its latest job (followed while it runs) and Sync now. */
export function TargetRow({ target: t, canWrite }: { target: SyncTarget; canWrite: boolean }) {
  const jobs = useJobs(t.id);
  const sync = useSyncNow(t.id);
  const latest = jobs.data?.[0];
  const busy = latest?.status === 'queued' || latest?.status === 'running';
  const label = `${KIND_LABEL[t.kind] ?? t.kind} ${t.key}`;
  return (
    <tr data-testid="target-row" className="align-top">
      <td>
        {label}
        {t.jql && <code className="ml-1 text-xs">{t.jql}</code>}
      </td>
      <td>{dateTime(t.lastSyncedAt)}</td>
      <td>
        {jobs.error ? <ProblemAlert error={jobs.error} /> : <JobStatus job={latest} />}
        <ProblemAlert error={sync.error} />
      </td>
      <td>
        {canWrite && (
          <Button variant="secondary" aria-label={`Sync ${label} now`} onClick={() => sync.mutate()} disabled={busy || sync.isPending}>
            Sync now
          </Button>
        )}
      </td>
    </tr>
  );
}
