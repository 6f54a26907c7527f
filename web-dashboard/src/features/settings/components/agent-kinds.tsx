import { useRef, useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, fieldError, inputClass } from '@/components/ui/field';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { useAgentKinds, useUpdateAgentKind, type AgentKind, type AgentKindUpdate } from '../api/agent-kinds';

/** How the API shows a secret's value. */
const HIDDEN = '***';

/** The agent CLIs the engine can start: their program, whether it is there, and (local mode) an admin's setting. */
export function AgentKinds({ local, canWrite }: { local: boolean; canWrite: boolean }) {
  const kinds = useAgentKinds();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      {!local && (
        <p className="text-xs text-slate-500">
          Outside local mode the engine runs no program a tenant names: agents run on your runners (<code>devflow runner --program KIND=/path/to/cli</code>), or the operator configures the engine’s.
        </p>
      )}
      <QueryState query={kinds} empty="No agent kinds are configured.">
        {(items) => (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Agent CLIs">
            {items.map((k) => (
              <li key={k.kind} className="py-3" data-testid="agent-kind-row">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 text-sm">
                    <p>
                      <span className="font-medium">{k.kind}</span> <Badge status={k.available ? 'available' : 'not available'} />
                    </p>
                    <p className="text-xs text-slate-500">
                      {k.family} · <code>{k.command}</code> from {k.source} · default mode {k.defaultMode}
                      {k.available && k.resolvedPath && k.resolvedPath !== k.command && ` · runs ${k.resolvedPath}`}
                    </p>
                    {Object.keys(k.env).length > 0 && (
                      <p className="truncate text-xs text-slate-500">
                        env{' '}
                        {Object.entries(k.env)
                          .map(([name, value]) => `${name}=${value}`)
                          .join(' ')}
                      </p>
                    )}
                    {!k.available && k.problem && <p className="text-xs text-red-600 dark:text-red-400">{k.problem}</p>}
                  </div>
                  {canWrite && editing !== k.kind && (
                    <Button variant="secondary" onClick={() => setEditing(k.kind)} aria-label={`Edit ${k.kind}`}>
                      Edit
                    </Button>
                  )}
                </div>
                {editing === k.kind && <AgentKindEditor kind={k} onDone={() => setEditing(null)} />}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

interface EnvRow {
  id: number;
  name: string;
  value: string;
}

/**
 * A kind's program, default mode and environment. What matches the configuration is sent as null so
 * it keeps following it; secrets still hidden as "***" are left out rather than saved as "***".
 */
function AgentKindEditor({ kind: k, onDone }: { kind: AgentKind; onDone: () => void }) {
  const update = useUpdateAgentKind();
  const nextId = useRef(0);
  const row = (name: string, value: string): EnvRow => ({ id: nextId.current++, name, value });
  const [command, setCommand] = useState(k.command);
  const [mode, setMode] = useState<string>(k.defaultMode);
  const [env, setEnv] = useState<EnvRow[]>(() => Object.entries(k.env).map(([name, value]) => row(name, value)));

  const change = (id: number, patch: Partial<EnvRow>) => setEnv((rows) => rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const program = command.trim();
    const setting: AgentKindUpdate = {
      command: program === '' || (program === k.command && k.source === 'configuration') ? null : program,
      mode,
      env: Object.fromEntries(
        env
          .map((r) => ({ name: r.name.trim(), value: r.value }))
          .filter((r) => r.name !== '' && !(r.value === HIDDEN && k.env[r.name] === HIDDEN))
          .map((r) => [r.name, r.value]),
      ),
    };
    update.mutate({ kind: k.kind, ...setting }, { onSuccess: onDone });
  };
  // Outside local mode the API refuses (403) naming 'command': that is about the whole form, not the path.
  const forbidden = update.error instanceof ApiError && update.error.status === 403;
  const commandError = forbidden ? undefined : fieldError(update.error, 'command');

  return (
    <form onSubmit={submit} className="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-label={`Edit agent kind ${k.kind}`}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Program path"
          value={command}
          onChange={(e) => setCommand(e.target.value)}
          placeholder={k.command}
          error={commandError}
          hint="An absolute path, or a program name found on the PATH. Empty: the configuration’s."
        />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Default mode
          <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value)}>
            {k.modes.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Environment variables</legend>
        {env.length === 0 && <p className="text-xs text-slate-500">None.</p>}
        {env.map((r, i) => (
          <div key={r.id} className="flex gap-2" data-testid="env-row">
            <input className={`${inputClass} font-mono`} aria-label={`Name of variable ${i + 1}`} placeholder="NAME" value={r.name} onChange={(e) => change(r.id, { name: e.target.value })} />
            <input className={`${inputClass} font-mono`} aria-label={`Value of variable ${i + 1}`} placeholder="value" value={r.value} onChange={(e) => change(r.id, { value: e.target.value })} />
            <Button variant="ghost" onClick={() => setEnv((rows) => rows.filter((x) => x.id !== r.id))} aria-label={`Remove variable ${i + 1}`}>
              ✕
            </Button>
          </div>
        ))}
        <div>
          <Button variant="secondary" onClick={() => setEnv((rows) => [...rows, row('', '')])}>Add variable</Button>
        </div>
        <p className="text-xs text-slate-500">Secret values show as ***: left as they are they are not sent, and the configured value stays; type a new value to replace one.</p>
      </fieldset>
      <ProblemAlert error={commandError ? null : update.error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={update.isPending}>Save</Button>
        <Button variant="secondary" onClick={() => update.mutate({ kind: k.kind }, { onSuccess: onDone })} disabled={update.isPending}>
          Reset to configuration
        </Button>
        <Button variant="ghost" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
