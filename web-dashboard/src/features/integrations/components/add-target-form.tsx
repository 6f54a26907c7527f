import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldError, inputClass } from '@/components/ui/field';
import { ProblemAlert } from '@/components/ui/states';
import { useCreateTarget } from '../api/targets';
import { KINDS, type Connection, type TargetKind } from '../api/types';

/** Choose a repository, Jira project (optionally narrowed by JQL) or Confluence space to sync. */
export function AddTargetForm({ connection }: { connection: Connection }) {
  const kinds = KINDS[connection.provider] ?? [];
  const create = useCreateTarget(connection.id);
  const [kind, setKind] = useState<TargetKind>(kinds[0]?.kind ?? 'github-repo');
  const [key, setKey] = useState('');
  const [jql, setJql] = useState('');
  const chosen = kinds.find((k) => k.kind === kind) ?? kinds[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { kind, key: key.trim(), jql: kind === 'jira-project' && jql.trim() ? jql.trim() : undefined };
    create.mutate(body, { onSuccess: () => { setKey(''); setJql(''); } });
  };
  // The API reports a problem that is not about one field (no access, already synced) as a whole.
  const generalError = fieldError(create.error, 'key') || fieldError(create.error, 'jql') || fieldError(create.error, 'kind') ? null : create.error;
  return (
    <form onSubmit={submit} aria-label={`Add what ${connection.account} syncs`} className="grid gap-3 sm:grid-cols-4">
      {kinds.length > 1 && (
        <div className="flex flex-col gap-1">
          <label className="text-sm font-medium">
            Sync
            <select className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as TargetKind)}>
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>{k.label}</option>
              ))}
            </select>
          </label>
        </div>
      )}
      <Field label={chosen?.label ?? 'Key'} placeholder={chosen?.placeholder} value={key} onChange={(e) => setKey(e.target.value)} required error={fieldError(create.error, 'key') ?? fieldError(create.error, 'kind')} />
      {kind === 'jira-project' && (
        <Field label="JQL (optional)" placeholder="labels = backend" value={jql} onChange={(e) => setJql(e.target.value)} error={fieldError(create.error, 'jql')} />
      )}
      <div className="flex items-end">
        <Button type="submit" disabled={create.isPending}>Add and sync</Button>
      </div>
      <div className="sm:col-span-4"><ProblemAlert error={generalError} /></div>
    </form>
  );
}
