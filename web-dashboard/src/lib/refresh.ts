import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Refetches what a write changed (every query when no key is given). A plain invalidation joins a
 * first load that is still in flight, which the server may have answered before the write: a key
 * created right after the page opened stayed missing from the list until the next reload.
 * Cancelling that load first makes the refetch read after the write.
 */
export async function refreshAfterWrite(qc: QueryClient, ...keys: QueryKey[]): Promise<void> {
  const filters = keys.length === 0 ? [{}] : keys.map((queryKey) => ({ queryKey }));
  await Promise.all(filters.map((f) => qc.cancelQueries(f)));
  await Promise.all(filters.map((f) => qc.invalidateQueries(f)));
}
