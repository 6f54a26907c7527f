import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refreshAfterWrite } from '../refresh';

/** A list whose first load is answered from the state before a write lands. */
function slowList(items: string[]) {
  return () => {
    const snapshot = [...items];
    return new Promise<string[]>((resolve) => setTimeout(() => resolve(snapshot), 30));
  };
}

async function writeDuringFirstLoad(refresh: (qc: QueryClient) => Promise<unknown>) {
  const items = ['initial admin key'];
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const observer = new QueryObserver(qc, { queryKey: ['keys'], queryFn: slowList(items) });
  const unsubscribe = observer.subscribe(() => {});
  items.push('ci-e2e'); // the write, answered while the first load is in flight
  await refresh(qc);
  await new Promise((r) => setTimeout(r, 80));
  const data = qc.getQueryData<string[]>(['keys']);
  unsubscribe();
  return data;
}

describe('refreshAfterWrite', () => {
  it('shows a write made while the first load was in flight', async () => {
    expect(await writeDuringFirstLoad((qc) => refreshAfterWrite(qc, ['keys']))).toEqual([
      'initial admin key',
      'ci-e2e',
    ]);
  });

  it('is needed: a plain invalidation joins the stale first load', async () => {
    expect(await writeDuringFirstLoad((qc) => qc.invalidateQueries({ queryKey: ['keys'] }))).toEqual([
      'initial admin key',
    ]);
  });

  it('refreshes every query when given no key', async () => {
    expect(await writeDuringFirstLoad((qc) => refreshAfterWrite(qc))).toEqual(['initial admin key', 'ci-e2e']);
  });
});
