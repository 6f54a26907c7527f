import { Badge } from '@/components/ui/badge';
import { QueryState } from '@/components/ui/states';
import { useTasks } from '../api/tasks';
import type { Phase, Task, TaskStatus } from '../api/types';

const COLUMNS: { title: string; statuses: TaskStatus[] }[] = [
  { title: 'To do', statuses: ['queued', 'blocked'] },
  { title: 'In progress', statuses: ['assigned', 'running'] },
  { title: 'Review', statuses: ['review'] },
  { title: 'Done', statuses: ['done', 'failed', 'cancelled'] },
];

/** A run's tasks: one row per phase, one column per stage of work. */
export function TaskBoard({ runId, phases, onOpen }: { runId: number; phases: Phase[]; onOpen: (id: number) => void }) {
  const tasks = useTasks(runId);
  const phaseNames = [...phases.map((p) => p.name), ...new Set((tasks.data ?? []).map((t) => t.phase))].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <QueryState query={tasks} empty="This run has no tasks yet.">
      {(items) => (
        <div className="overflow-x-auto" role="region" aria-label="Task board">
          <table className="w-full min-w-[40rem] table-fixed border-separate border-spacing-2 text-sm">
            <thead>
              <tr>
                <th className="w-28 text-left">Phase</th>
                {COLUMNS.map((c) => (
                  <th key={c.title} scope="col" className="text-left">{c.title}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {phaseNames.map((phase) => (
                <tr key={phase}>
                  <th scope="row" className="align-top text-left font-medium">{phase}</th>
                  {COLUMNS.map((c) => (
                    <td key={c.title} className="rounded bg-slate-100 p-1 align-top dark:bg-slate-800" data-testid={`column-${c.title}`}>
                      {items
                        .filter((t) => t.phase === phase && c.statuses.includes(t.status))
                        .map((t) => (
                          <TaskCard key={t.id} task={t} onOpen={onOpen} />
                        ))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}

function TaskCard({ task, onOpen }: { task: Task; onOpen: (id: number) => void }) {
  return (
    <button
      type="button"
      onClick={() => onOpen(task.id)}
      data-testid="task-card"
      data-status={task.status}
      className="mb-1 block w-full rounded border border-slate-200 bg-white p-2 text-left shadow-sm hover:border-indigo-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-600 dark:bg-slate-900"
    >
      <span className="block font-medium">{task.title}</span>
      <span className="mt-1 flex items-center gap-1 text-xs">
        <Badge status={task.status} /> #{task.id}{task.agentId ? ` · agent ${task.agentId}` : ''}
      </span>
    </button>
  );
}
