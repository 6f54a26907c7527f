import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { ago } from '@/lib/format';
import { useSources } from '../api/get-sources';
import { useCancelSource, useDeleteSource, useRefreshSource } from '../api/source-actions';
import { SourceProgress } from './source-progress';

export function SourceList({ canWrite }: { canWrite: boolean }) {
  const sources = useSources();
  const remove = useDeleteSource();
  const refresh = useRefreshSource();
  const cancel = useCancelSource();
  return (
    <>
      <ProblemAlert error={remove.error ?? refresh.error ?? cancel.error} />
      <QueryState query={sources} empty="No sources yet: add a URL or upload files.">
        {(items) => (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Sources">
            {items.map((s) => {
              const running = s.status === 'running' || s.status === 'queued';
              return (
                <li key={s.id} className="py-3" data-testid="source-row" data-status={s.status}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="min-w-0">
                      <p className="font-medium">
                        {s.name} <Badge status={s.status} />
                      </p>
                      <p className="truncate text-xs text-slate-500">
                        {s.kind === 'url' ? s.url : 'uploaded files'} · {s.pageCount} pages · {s.chunkCount} chunks · {s.codeExampleCount} code examples
                        {s.lastCrawlAt && ` · crawled ${ago(s.lastCrawlAt)} ago`}
                        {s.tags.length > 0 && ` · ${s.tags.join(', ')}`}
                      </p>
                      {s.lastError && <p className="text-xs text-red-600">{s.lastError}</p>}
                    </div>
                    {canWrite && (
                      <div className="flex gap-2">
                        {running ? (
                          <Button variant="secondary" onClick={() => cancel.mutate(s.id)} aria-label={`Cancel crawl of ${s.name}`}>
                            Cancel
                          </Button>
                        ) : (
                          s.kind === 'url' && (
                            <Button variant="secondary" onClick={() => refresh.mutate(s.id)} aria-label={`Refresh ${s.name}`}>
                              Refresh
                            </Button>
                          )
                        )}
                        <Button
                          variant="danger"
                          aria-label={`Delete ${s.name}`}
                          onClick={() => window.confirm(`Delete ${s.name} and everything indexed from it?`) && remove.mutate(s.id)}
                        >
                          Delete
                        </Button>
                      </div>
                    )}
                  </div>
                  <SourceProgress source={s} />
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </>
  );
}
