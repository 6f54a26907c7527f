import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { EmptyState, ProblemAlert, Spinner } from '@/components/ui/states';
import { useSources } from '../api/get-sources';
import { useSearch, type SearchParams } from '../api/search';
import { Highlight } from './highlight';

export function SearchPanel({ initialQuery = '' }: { initialQuery?: string }) {
  const [text, setText] = useState(initialQuery);
  const [params, setParams] = useState<SearchParams>({ query: initialQuery, mode: 'hybrid' });
  const [mode, setMode] = useState<SearchParams['mode']>('hybrid');
  const [sourceId, setSourceId] = useState('');
  const [tag, setTag] = useState('');
  const sources = useSources();
  const result = useSearch(params);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ query: text, mode, sourceId: sourceId || undefined, tag: tag.trim() || undefined });
  };
  const tags = Array.from(new Set((sources.data ?? []).flatMap((s) => s.tags)));

  return (
    <div>
      <form role="search" onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-sm font-medium">
          Search knowledge
          <input type="search" className={inputClass} value={text} onChange={(e) => setText(e.target.value)} placeholder="How do I configure…" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Mode
          <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as SearchParams['mode'])}>
            <option value="hybrid">hybrid</option>
            <option value="keyword">keyword</option>
            <option value="semantic">semantic</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Source
          <select className={inputClass} value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
            <option value="">all sources</option>
            {(sources.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Tag
          <select className={inputClass} value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">any tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </label>
        <Button type="submit">Search</Button>
      </form>
      <div className="mt-3" aria-live="polite">
        {result.data?.notice && !result.isPending && !result.error ? (
          <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            {result.data.notice}
          </p>
        ) : null}
        {params.query.trim() === '' ? null : result.isPending ? (
          <Spinner label="Searching…" />
        ) : result.error ? (
          <ProblemAlert error={result.error} />
        ) : result.data && result.data.results.length === 0 ? (
          <EmptyState>No results for “{params.query}”.</EmptyState>
        ) : (
          <ol className="space-y-3" aria-label="Search results">
            {result.data?.results.map((r) => (
              <li key={r.chunkId} className="rounded-md border border-slate-200 p-3 dark:border-slate-700" data-testid="search-result">
                <a href={r.url} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {r.title || r.url}
                </a>
                <p className="text-xs text-slate-500">
                  {r.sourceName}{r.headingPath && ` › ${r.headingPath}`} · score {r.score.toFixed(3)}
                </p>
                <p className="mt-1 text-sm"><Highlight snippet={r.snippet || r.text.slice(0, 300)} /></p>
                {r.passages && r.passages.length > 0 ? (
                  <ul className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-sm dark:border-slate-700" aria-label="Also on this page">
                    {r.passages.map((p) => (
                      <li key={p.chunkId} data-testid="folded-passage">
                        <a href={p.url} target="_blank" rel="noreferrer" className="text-xs text-indigo-700 hover:underline dark:text-indigo-300">
                          {p.headingPath || 'Also on this page'}
                        </a>
                        <p><Highlight snippet={p.snippet} /></p>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
