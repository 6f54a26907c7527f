import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { ago } from '@/lib/format';
import { agentAction, useAgentMutation, useAgents } from '../api/agents';

const live = (status: string) => status === 'running' || status === 'starting';

/** Every agent of the tenant, running ones first: monitor, open its task, stop or restart it. */
export function AgentsPanel({ canWrite, onOpen }: { canWrite: boolean; onOpen: (runId: number, taskId: number) => void }) {
  const agents = useAgents();
  const act = useAgentMutation(agentAction);
  return (
    <>
      <ProblemAlert error={act.error} />
      <QueryState query={agents} empty="No agent has run yet: start one from a task on a run's board.">
        {(items) => (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Agents">
            {[...items]
              .sort((a, b) => Number(live(b.status)) - Number(live(a.status)) || b.id - a.id)
              .map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="agent-row">
                  <span>
                    Agent #{a.id} · {a.kind} ({a.mode}) <Badge status={a.status} /> · run {a.runId}, task #{a.taskId}
                    {a.runnerId != null && ` · on runner ${a.runnerId}`}
                    {a.screenState && (
                      <>
                        {' · screen '}
                        <Badge status={a.screenState} />
                      </>
                    )}
                    {a.waitingSince && ` · waiting for ${ago(a.waitingSince)}`}
                    {a.lastActivityAt && ` · active ${ago(a.lastActivityAt)} ago`}
                    {a.restarts > 0 && ` · ${a.restarts} restarts`}
                    {a.statusReason && <span className="block text-xs text-slate-500">{a.statusReason}</span>}
                  </span>
                  <span className="flex gap-2">
                    <Button variant="secondary" onClick={() => onOpen(a.runId, a.taskId)}>Open task</Button>
                    {canWrite && (
                      <>
                        <Button variant="secondary" onClick={() => act.mutate({ id: a.id, action: 'restart' })} aria-label={`Restart agent ${a.id}`}>Restart</Button>
                        {live(a.status) && (
                          <Button variant="danger" onClick={() => act.mutate({ id: a.id, action: 'stop' })} aria-label={`Stop agent ${a.id}`}>Stop</Button>
                        )}
                      </>
                    )}
                  </span>
                </li>
              ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
