import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { EmptyState, ProblemAlert, Spinner } from '@/components/ui/states';
import { useCodeExamples } from '../api/search';

export function CodeExamplesPanel() {
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('');
  const [submitted, setSubmitted] = useState({ q: '', language: '' });
  const hits = useCodeExamples(submitted.q, submitted.language);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted({ q: text, language: language.trim() });
  };
  return (
    <div>
      <form role="search" aria-label="Search code examples" onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-sm font-medium">
          Code examples about
          <input type="search" className={inputClass} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Language
          <input className={inputClass} value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="java, ts…" />
        </label>
        <Button type="submit">Find code</Button>
      </form>
      <div className="mt-3">
        {submitted.q.trim() === '' ? null : hits.isPending ? (
          <Spinner />
        ) : hits.error ? (
          <ProblemAlert error={hits.error} />
        ) : hits.data && hits.data.length === 0 ? (
          <EmptyState>No code examples for “{submitted.q}”.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {hits.data?.map((h) => (
              <li key={h.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                <p className="text-sm font-medium">{h.title || h.url} <span className="text-xs text-slate-500">{h.language}</span></p>
                {h.context && <p className="text-xs text-slate-500">{h.context}</p>}
                <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100"><code>{h.code}</code></pre>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
