import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-800 focus:outline-none focus:ring-2 focus:ring-indigo-500';

/** A labelled input with an inline error message tied to it for screen readers. */
export function Field({ label, error, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={inputClass} {...props} />
      {hint && <span className="text-xs text-slate-500">{hint}</span>}
      {error && (
        <span id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      )}
    </div>
  );
}

/** The message for one field from a problem's errors, if the API named it. */
export function fieldError(error: unknown, field: string): string | undefined {
  const problem = (error as { problem?: { field?: string; detail?: string; errors?: { field: string; message: string }[] } })?.problem;
  if (!problem) return undefined;
  const hit = problem.errors?.find((e) => e.field === field || e.field.endsWith(`.${field}`));
  if (hit) return hit.message;
  return problem.field === field ? problem.detail : undefined;
}
