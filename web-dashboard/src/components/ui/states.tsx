import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api-client';

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-4 text-sm text-slate-500 dark:text-slate-400">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="py-4 text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

/** An API failure as the problem's title and detail (and its per-field errors). */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem =
    error instanceof ApiError
      ? error.problem
      : { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), status: 0 };
  return (
    <div role="alert" className="my-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <p className="font-semibold">{problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {'errors' in problem && problem.errors && problem.errors.length > 1 && (
        <ul className="mt-1 list-disc pl-5">
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Loading, error and empty handling around a list. */
export function QueryState<T>({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T[] | undefined };
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Spinner />;
  if (query.error) return <ProblemAlert error={query.error} />;
  if (!query.data || query.data.length === 0) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
