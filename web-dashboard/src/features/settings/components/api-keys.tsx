import { useState, type FormEvent, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, fieldError } from '@/components/ui/field';
import { EmptyState, ProblemAlert, QueryState } from '@/components/ui/states';
import { dateTime } from '@/lib/format';
import { useCreateKey, useKeys, useRevokeKey, type CreatedKey, type KeyScope } from '../api/keys';

/** The scopes a key can be limited to; none: everything its user may do. */
const SCOPES: { scope: KeyScope; explanation: ReactNode }[] = [
  { scope: 'read-only', explanation: 'only reading, never changing' },
  { scope: 'mcp', explanation: 'only the MCP endpoint' },
  { scope: 'runner', explanation: <>only <code>devflow runner</code></> },
];

/** API keys: create (the secret is shown once), list, revoke. Local mode has none. */
export function ApiKeys({ local, canWrite }: { local: boolean; canWrite: boolean }) {
  const keys = useKeys(!local);
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>([]);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  if (local) {
    return <EmptyState>Local mode has no API keys: the dashboard and agents on this machine need no login.</EmptyState>;
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), expiresInDays: days ? Number(days) : undefined, scopes: scopes.length > 0 ? scopes : undefined },
      { onSuccess: (k) => { setCreated(k); setName(''); setScopes([]); } },
    );
  };
  const toggle = (scope: KeyScope, on: boolean) =>
    setScopes((s) => (on ? SCOPES.map((x) => x.scope).filter((x) => x === scope || s.includes(x)) : s.filter((x) => x !== scope)));
  return (
    <div className="grid gap-3">
      {created && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p className="font-medium">Key “{created.key.name}” created. Copy it now: it will not be shown again.</p>
          <code className="mt-1 block break-all rounded bg-white p-2 dark:bg-slate-900" data-testid="new-key">{created.apiKey}</code>
          <div className="mt-2 flex gap-2">
            <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(created.apiKey)}>Copy</Button>
            <Button variant="ghost" onClick={() => setCreated(null)}>Done</Button>
          </div>
        </div>
      )}
      {canWrite && (
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-3" aria-label="Create an API key">
          <Field label="Key name" value={name} onChange={(e) => setName(e.target.value)} required error={fieldError(create.error, 'name')} />
          <Field label="Expires in days" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} error={fieldError(create.error, 'expiresInDays')} hint="Empty: never." />
          <fieldset className="grid gap-1 text-sm">
            <legend className="font-medium">Scopes</legend>
            {SCOPES.map(({ scope, explanation }) => (
              <label key={scope}>
                <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} /> {scope}{' '}
                <span className="text-xs text-slate-500">({explanation})</span>
              </label>
            ))}
            <span className="text-xs text-slate-500">None: everything you may do.</span>
            {fieldError(create.error, 'scopes') && <span className="text-xs text-red-600 dark:text-red-400">{fieldError(create.error, 'scopes')}</span>}
          </fieldset>
          <div className="sm:col-span-3"><Button type="submit" disabled={create.isPending}>Create key</Button></div>
        </form>
      )}
      <ProblemAlert error={create.error ?? revoke.error} />
      <QueryState query={keys} empty="No API keys.">
        {(items) => (
          <table className="w-full text-sm" aria-label="API keys">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th>Name</th><th>Prefix</th><th>Scopes</th><th>Created</th><th>Last used</th><th>Status</th><th><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} data-testid="key-row">
                  <td>{k.name}</td>
                  <td><code>{k.prefix}…</code></td>
                  <td>
                    <span className="flex flex-wrap gap-1" data-testid="key-scopes">
                      {(k.scopes ?? []).length === 0 ? <Badge status="full access" /> : k.scopes.map((s) => <Badge key={s} status={s} />)}
                    </span>
                  </td>
                  <td>{dateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</td>
                  <td>{k.revokedAt ? `revoked ${dateTime(k.revokedAt)}` : k.expiresAt ? `expires ${dateTime(k.expiresAt)}` : 'active'}</td>
                  <td>
                    {canWrite && !k.revokedAt && (
                      <Button variant="danger" aria-label={`Revoke ${k.name}`} onClick={() => window.confirm(`Revoke ${k.name}? Clients using it stop working at once.`) && revoke.mutate(k.id)}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
