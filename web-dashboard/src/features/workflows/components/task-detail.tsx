import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { EmptyState, ProblemAlert, Spinner } from '@/components/ui/states';
import { dateTime } from '@/lib/format';
import { agentAction, spawnAgent, useAgentMutation, useAgentTail, useAgents } from '../api/agents';
import { useMoveTask, useTask, useTaskInterventions } from '../api/tasks';
import { NEXT, type AgentMode, type TaskStatus } from '../api/types';

const AGENT_KINDS = ['claude-code', 'opencode', 'generic'];
const MODES: AgentMode[] = ['interactive', 'headless'];

/** One task: status moves, its agent's live pane, commits and Guardian interventions. */
export function TaskDetail({ taskId, canWrite, onClose }: { taskId: number; canWrite: boolean; onClose: () => void }) {
  const task = useTask(taskId);
  const agents = useAgents(task.data?.runId);
  const interventions = useTaskInterventions(taskId);
  const move = useMoveTask();
  const spawn = useAgentMutation(spawnAgent);
  const act = useAgentMutation(agentAction);
  const [target, setTarget] = useState<TaskStatus | ''>('');
  const [kind, setKind] = useState(AGENT_KINDS[0]);
  const [mode, setMode] = useState<AgentMode | ''>('');

  if (task.isPending) return <Spinner />;
  if (task.error) return <ProblemAlert error={task.error} />;
  const t = task.data!;
  const agent = (agents.data ?? []).filter((a) => a.taskId === t.id).sort((a, b) => b.id - a.id)[0];
  const next = NEXT[t.status] ?? [];

  return (
    <section aria-label={`Task ${t.title}`} className="grid gap-3">
      <header className="flex items-start justify-between gap-2">
        <div>
          <h3 className="text-lg font-semibold">{t.title}</h3>
          <p className="text-xs text-slate-500">#{t.id} · phase {t.phase} · priority {t.priority} · <Badge status={t.status} /></p>
        </div>
        <Button variant="ghost" onClick={onClose} aria-label="Close task detail">✕</Button>
      </header>
      {t.description && <p className="whitespace-pre-wrap text-sm">{t.description}</p>}
      {t.statusReason && <p className="text-sm text-slate-600 dark:text-slate-300">Reason: {t.statusReason}</p>}
      {t.resultSummary && <p className="text-sm">Result: {t.resultSummary}</p>}
      {canWrite && next.length > 0 && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) move.mutate({ id: t.id, status: target }, { onSuccess: () => setTarget('') });
          }}
        >
          <label className="flex flex-col gap-1 text-sm font-medium">
            Move to
            <select className={inputClass} value={target} onChange={(e) => setTarget(e.target.value as TaskStatus)}>
              <option value="">choose…</option>
              {next.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </label>
          <Button type="submit" disabled={!target || move.isPending}>Move</Button>
        </form>
      )}
      <ProblemAlert error={move.error ?? spawn.error ?? act.error} />

      <div>
        <h4 className="font-medium">Agent</h4>
        {agent ? (
          <div className="grid gap-2">
            <p className="text-sm">
              #{agent.id} {agent.kind} ({agent.mode}) <Badge status={agent.status} /> on branch <code>{agent.branch}</code>
              {agent.restarts > 0 && ` · ${agent.restarts} restarts`}
              {agent.statusReason && ` · ${agent.statusReason}`}
            </p>
            {canWrite && (
              <div className="flex gap-2">
                <Button variant="secondary" onClick={() => act.mutate({ id: agent.id, action: 'restart' })}>Restart agent</Button>
                <Button variant="danger" onClick={() => act.mutate({ id: agent.id, action: 'stop' })} disabled={!['starting', 'running'].includes(agent.status)}>Stop agent</Button>
              </div>
            )}
            <AgentOutput agentId={agent.id} />
          </div>
        ) : (
          <>
            <EmptyState>No agent has worked on this task.</EmptyState>
            {canWrite && ['queued', 'failed'].includes(t.status) && (
              <div className="flex items-end gap-2">
                <label className="flex flex-col gap-1 text-sm font-medium">
                  Agent kind
                  <select className={inputClass} value={kind} onChange={(e) => setKind(e.target.value)}>
                    {AGENT_KINDS.map((k) => (
                      <option key={k}>{k}</option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1 text-sm font-medium">
                  Mode
                  <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as AgentMode | '')}>
                    <option value="">kind’s default</option>
                    {MODES.map((m) => (
                      <option key={m} value={m}>{m}</option>
                    ))}
                  </select>
                </label>
                <Button onClick={() => spawn.mutate({ runId: t.runId, kind, taskId: t.id, mode: mode || undefined })}>Start agent</Button>
              </div>
            )}
          </>
        )}
      </div>

      <div>
        <h4 className="font-medium">Commits</h4>
        {t.commits && t.commits.length > 0 ? (
          <ul className="font-mono text-xs">
            {t.commits.map((c) => (
              <li key={c}>{c}</li>
            ))}
            {t.mergeCommit && <li>merged as {t.mergeCommit}</li>}
          </ul>
        ) : (
          <EmptyState>No commits yet.</EmptyState>
        )}
        {t.conflictFiles && t.conflictFiles.length > 0 && <p className="text-sm text-red-600">Merge conflicts in {t.conflictFiles.join(', ')}</p>}
      </div>

      <div>
        <h4 className="font-medium">Guardian interventions</h4>
        {interventions.isPending ? (
          <Spinner />
        ) : interventions.error ? (
          <ProblemAlert error={interventions.error} />
        ) : interventions.data!.length === 0 ? (
          <EmptyState>None.</EmptyState>
        ) : (
          <ul className="text-sm">
            {interventions.data!.map((i) => (
              <li key={i.id}>
                {dateTime(i.createdAt)} · <strong>{i.action}</strong> ({i.detector}): {i.reason}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function AgentOutput({ agentId }: { agentId: number }) {
  const tail = useAgentTail(agentId);
  if (tail.isPending) return <Spinner label="Reading the agent's pane…" />;
  if (tail.error) return <ProblemAlert error={tail.error} />;
  return (
    <pre aria-label="Agent output" aria-live="polite" className="max-h-72 overflow-auto rounded bg-slate-950 p-2 text-xs text-green-200">
      {tail.data!.lines.join('\n') || '(no output yet)'}
    </pre>
  );
}
