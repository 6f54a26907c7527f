import { useEffect, useId, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, fieldError, inputClass } from '@/components/ui/field';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { ago } from '@/lib/format';
import { useRunners } from '../api/runners';
import { useCancelRun, useCreateRun, useRuns } from '../api/runs';
import { useWorkflows } from '../api/workflows';
import type { Definition } from '../api/types';
import { AgentsPanel } from './agents-panel';
import { DefinitionEditor } from './definition-editor';
import { RunnersPanel } from './runners-panel';
import { TaskBoard } from './task-board';
import { TaskDetail } from './task-detail';

export function WorkflowsPage({ canWrite }: { canWrite: boolean }) {
  const workflows = useWorkflows();
  const runs = useRuns();
  const [editing, setEditing] = useState<Definition | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const cancel = useCancelRun();
  const selectedRun = runs.data?.find((r) => r.id === runId) ?? null;
  const phases = workflows.data?.find((w) => w.id === selectedRun?.workflowId)?.model.phases ?? [];
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === '#agents') document.getElementById('agents')?.scrollIntoView?.();
  }, [hash]);
  const openTask = (run: number, task: number) => {
    setRunId(run);
    setTaskId(task);
  };

  return (
    <div className="grid gap-4">
      <h1 className="text-xl font-semibold">Workflows</h1>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Definitions">
          <QueryState query={workflows} empty="No workflows yet: create one from a template.">
            {(items) => (
              <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Workflow definitions">
                {items.map((w) => (
                  <li key={w.id} className="flex items-center justify-between py-2">
                    <span>
                      <span className="font-medium">{w.name}</span> <span className="text-xs text-slate-500">v{w.version} · {w.model.phases.length} phases · {w.model.tasks.length} tasks</span>
                    </span>
                    {canWrite && <Button variant="secondary" onClick={() => setEditing(w)} aria-label={`Edit ${w.name}`}>Edit</Button>}
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </Card>
        {canWrite && (
          <Card title={editing ? `Edit ${editing.name}` : 'Create a workflow'}>
            <DefinitionEditor editing={editing} onDone={() => setEditing(null)} />
          </Card>
        )}
      </div>
      <Card title="Runs">
        {canWrite && <StartRunForm workflows={workflows.data ?? []} onStarted={setRunId} />}
        <ProblemAlert error={cancel.error} />
        <QueryState query={runs} empty="No runs yet.">
          {(items) => (
            <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-700" aria-label="Runs">
              {items.map((r) => (
                <li key={r.id} className={`flex flex-wrap items-center justify-between gap-2 py-2 ${r.id === runId ? 'bg-indigo-50 dark:bg-indigo-950' : ''}`}>
                  <button type="button" className="text-left" onClick={() => { setRunId(r.id); setTaskId(null); }} aria-pressed={r.id === runId}>
                    <span className="font-medium">Run {r.id}</span> · {r.workflowName} v{r.workflowVersion} <Badge status={r.status} />
                    <span className="block text-xs text-slate-500">{r.repository ? `${r.repository} (runner)` : r.repoPath} @ {r.baseBranch} · {ago(r.createdAt)} ago</span>
                  </button>
                  {canWrite && r.status === 'running' && (
                    <Button variant="secondary" onClick={() => cancel.mutate(r.id)} aria-label={`Cancel run ${r.id}`}>Cancel run</Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
      <div id="agents">
        <Card title="Agents">
          <AgentsPanel canWrite={canWrite} onOpen={openTask} />
        </Card>
      </div>
      <div id="runners">
        <Card title="Runners">
          <RunnersPanel />
        </Card>
      </div>
      {selectedRun && (
        <div className="grid gap-4 xl:grid-cols-3">
          <Card title={`Board of run ${selectedRun.id}`} className="xl:col-span-2">
            <TaskBoard runId={selectedRun.id} phases={phases} onOpen={setTaskId} />
          </Card>
          {taskId !== null && (
            <Card>
              <TaskDetail taskId={taskId} canWrite={canWrite} onClose={() => setTaskId(null)} />
            </Card>
          )}
        </div>
      )}
    </div>
  );
}

function StartRunForm({ workflows, onStarted }: { workflows: Definition[]; onStarted: (id: number) => void }) {
  const [workflowId, setWorkflowId] = useState('');
  const [repoPath, setRepoPath] = useState('');
  const [repository, setRepository] = useState('');
  const [baseBranch, setBaseBranch] = useState('main');
  const create = useCreateRun();
  const runners = useRunners();
  const repositoryErrorId = useId();
  const repositoryError = fieldError(create.error, 'repository');
  // The repositories the runners announced, each once, with the branches any of them has.
  const announced = new Map<string, Set<string>>();
  for (const runner of runners.data ?? []) {
    for (const repo of runner.repositories) {
      const branches = announced.get(repo.name) ?? new Set<string>();
      repo.branches.forEach((b) => branches.add(b));
      announced.set(repo.name, branches);
    }
  }
  const names = [...announced.keys()].sort();
  const onRunner = repository.trim() !== '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = Number(workflowId || workflows[0]?.id);
    const where = onRunner ? { repository: repository.trim() } : { repoPath: repoPath.trim() };
    create.mutate({ workflowId: id, ...where, baseBranch: baseBranch.trim() }, { onSuccess: (run) => onStarted(run.id) });
  };
  const branches = [...(announced.get(repository.trim()) ?? [])].sort();
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-4" aria-label="Start a run">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Workflow
        <select className={inputClass} value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>{w.name} v{w.version}</option>
          ))}
        </select>
      </label>
      <Field
        label="Repository path"
        value={repoPath}
        onChange={(e) => setRepoPath(e.target.value)}
        placeholder="/home/me/project"
        required={!onRunner}
        disabled={onRunner}
        hint={onRunner ? 'Not used: the run is on the runner repository.' : 'On the DevFlow machine; or choose a runner repository.'}
        error={fieldError(create.error, 'repoPath')}
      />
      {names.length > 0 ? (
        <div className="flex flex-col gap-1">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Runner repository
            <select
              className={inputClass}
              value={repository}
              onChange={(e) => setRepository(e.target.value)}
              aria-invalid={repositoryError ? true : undefined}
              aria-describedby={repositoryError ? repositoryErrorId : undefined}
            >
              <option value="">none: use the path</option>
              {names.map((n) => (
                <option key={n} value={n}>{n}</option>
              ))}
            </select>
          </label>
          {repositoryError && <span id={repositoryErrorId} className="text-xs text-red-600 dark:text-red-400">{repositoryError}</span>}
        </div>
      ) : (
        <Field
          label="Runner repository"
          value={repository}
          onChange={(e) => setRepository(e.target.value)}
          placeholder="acme/api"
          hint="A name a runner announced with devflow runner --repo NAME=…; empty: use the path."
          error={repositoryError}
        />
      )}
      <Field
        label="Base branch"
        value={baseBranch}
        onChange={(e) => setBaseBranch(e.target.value)}
        required
        list={branches.length > 0 ? 'runner-branches' : undefined}
        error={fieldError(create.error, 'baseBranch')}
      />
      {branches.length > 0 && (
        <datalist id="runner-branches">
          {branches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      )}
      <div className="flex items-end sm:col-span-4">
        <Button type="submit" disabled={workflows.length === 0 || create.isPending}>Start run</Button>
      </div>
      <div className="sm:col-span-4"><ProblemAlert error={create.error} /></div>
    </form>
  );
}
