export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max || 100}
      aria-valuenow={max > 0 ? value : undefined}
      aria-valuetext={max > 0 ? `${value} of ${max}` : 'starting'}
      className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
    >
      <div className={`h-full bg-indigo-500 transition-all ${max > 0 ? '' : 'animate-pulse'}`} style={{ width: `${max > 0 ? pct : 100}%`, opacity: max > 0 ? 1 : 0.3 }} />
    </div>
  );
}
