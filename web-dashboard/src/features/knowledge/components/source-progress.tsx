import { ProgressBar } from '@/components/ui/progress-bar';
import { useLiveStore } from '@/stores/live-store';
import { useSource } from '../api/get-sources';
import type { Source } from '../api/types';

/**
 * A running crawl's progress: the live counters from /ws when it has spoken, otherwise the job
 * as stored (so a reload or a dropped connection starts from the truth, not from zero).
 */
export function SourceProgress({ source }: { source: Source }) {
  const running = source.status === 'running' || source.status === 'queued';
  const live = useLiveStore((s) => s.crawls[source.id]);
  const stored = useSource(source.id, running);
  if (!running) return null;
  const job = stored.data?.latestJob;
  const useLive = live && live.status === 'running' && (!job || live.jobId === job.id);
  const found = useLive ? Math.max(live.pagesFound, job?.pagesFound ?? 0) : job?.pagesFound ?? 0;
  const done = useLive ? Math.max(live.pagesEmbedded + live.pagesFailed, (job?.pagesEmbedded ?? 0) + (job?.pagesFailed ?? 0)) : (job?.pagesEmbedded ?? 0) + (job?.pagesFailed ?? 0);
  return (
    <div className="mt-2 flex items-center gap-2">
      <ProgressBar value={done} max={found} label={`Crawl progress of ${source.name}`} />
      <span className="whitespace-nowrap text-xs text-slate-500" data-testid="progress-text">
        {found > 0 ? `${done} / ${found} pages` : source.status === 'queued' ? 'queued' : 'starting'}
      </span>
    </div>
  );
}
