const colors: Record<string, string> = {
  done: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-200',
  running: 'bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-200',
  starting: 'bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-200',
  queued: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  failed: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
  crashed: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
  cancelled: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
  blocked: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
  review: 'bg-purple-100 text-purple-800 dark:bg-purple-900 dark:text-purple-200',
  available: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-200',
  connected: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-200',
  'not available': 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
  disconnected: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  permission: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
  dialog: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
};

export function Badge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${colors[status] ?? 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200'}`}>
      {status}
    </span>
  );
}
