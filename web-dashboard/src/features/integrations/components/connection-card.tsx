import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ProblemAlert, QueryState } from '@/components/ui/states';
import { dateTime } from '@/lib/format';
import { useDisconnect } from '../api/connections';
import { useTargets } from '../api/targets';
import { providerLabel, type Connection } from '../api/types';
import { AddTargetForm } from './add-target-form';
import { TargetRow } from './target-row';

/** One connection: its account, what it syncs (with the latest job), and disconnect. */
export function ConnectionCard({ connection: c, canWrite }: { connection: Connection; canWrite: boolean }) {
  const targets = useTargets(c.id);
  const disconnect = useDisconnect();
  const name = `${providerLabel(c.provider)} · ${c.account}`;
  const confirmAndDisconnect = () =>
    window.confirm(`Disconnect ${name}? DevFlow revokes its access where the provider allows and stops syncing.`) &&
    disconnect.mutate(c.id);
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          {name} <Badge status={c.status} />
        </span>
      }
      actions={
        canWrite && (
          <Button variant="danger" aria-label={`Disconnect ${name}`} onClick={confirmAndDisconnect} disabled={disconnect.isPending}>
            Disconnect
          </Button>
        )
      }
    >
      <section aria-label={name} className="grid gap-3">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {c.siteUrl ? `${c.siteUrl} · ` : ''}connected by {c.createdBy} on {dateTime(c.createdAt)}
        </p>
        {c.status === 'reauthorize' && (
          <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
            The provider no longer accepts this connection’s token: connect {providerLabel(c.provider)} again.
          </p>
        )}
        <ProblemAlert error={disconnect.error} />
        <QueryState query={targets} empty="Nothing synced yet: choose what to sync below.">
          {(items) => (
            <table className="w-full text-sm" aria-label={`What ${name} syncs`}>
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th>What</th><th>Last synced</th><th>Latest sync</th><th><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <TargetRow key={t.id} target={t} canWrite={canWrite} />
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
        {canWrite && <AddTargetForm connection={c} />}
      </section>
    </Card>
  );
}
