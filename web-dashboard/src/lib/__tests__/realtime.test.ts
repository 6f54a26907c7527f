import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectRealtime, staleKeys } from '@/lib/realtime';
import { useLiveStore } from '@/stores/live-store';
import { FakeSocket } from '@/test/fake-socket';

describe('realtime connection to /ws', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const factory = (url: string) => new FakeSocket(url) as unknown as WebSocket;

  it('passes the API key as access_token, since browsers cannot set headers on a handshake', () => {
    const stop = connectRealtime({ token: 'dfk_secret', queryClient: new QueryClient(), socketFactory: factory });
    expect(FakeSocket.latest().url).toMatch(/^ws:\/\/.+\/ws\?access_token=dfk_secret$/);
    stop();
  });

  it('shows the connection, feeds events to the store and refetches what they make stale', async () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    const stop = connectRealtime({ token: null, queryClient: client, socketFactory: factory });
    expect(useLiveStore.getState().connection).toBe('connecting');
    FakeSocket.latest().deliver({ type: 'welcome', tenant: 'local' });
    expect(useLiveStore.getState().connection).toBe('open');
    FakeSocket.latest().deliver({ type: 'crawl.done', id: 7, payload: { sourceId: 's1', jobId: 'j1', pagesEmbedded: 3 } });
    FakeSocket.latest().deliver({ type: 'task.status', id: 8, payload: { taskId: 1, from: 'queued', to: 'assigned' } });
    expect(useLiveStore.getState().events.map((e) => e.id)).toEqual([8, 7]);
    await vi.advanceTimersByTimeAsync(300);
    const keys = invalidate.mock.calls.map((c) => c[0]?.queryKey);
    expect(keys).toEqual(expect.arrayContaining([['sources'], ['tasks'], ['task']]));
    stop();
  });

  it('reconnects after a dropped connection and then refetches everything it may have missed', async () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    const stop = connectRealtime({ token: null, queryClient: client, socketFactory: factory });
    FakeSocket.latest().deliver({ type: 'welcome', tenant: 'local' });
    FakeSocket.latest().close();
    expect(useLiveStore.getState().connection).toBe('closed');
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.latest().deliver({ type: 'welcome', tenant: 'local' });
    expect(useLiveStore.getState().connection).toBe('open');
    expect(invalidate).toHaveBeenCalledWith();
    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('backs off up to 10 s between attempts while the gateway is away', async () => {
    const stop = connectRealtime({ token: null, queryClient: new QueryClient(), socketFactory: factory });
    for (let i = 0; i < 8; i++) {
      FakeSocket.latest().close();
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(FakeSocket.all).toHaveLength(9);
    FakeSocket.latest().close();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(FakeSocket.all).toHaveLength(9);
    stop();
  });

  it('maps event types to the queries they change', () => {
    expect(staleKeys('crawl.progress')).toEqual([]);
    expect(staleKeys('crawl.done')).toEqual([['sources']]);
    expect(staleKeys('guardian.intervened')).toContainEqual(['agents']);
    expect(staleKeys('run.cancelled')).toEqual([['runs']]);
    expect(staleKeys('sync.progress')).toContainEqual(['integrations', 'jobs']);
    expect(staleKeys('integration.connected')).toEqual([['integrations', 'connections']]);
  });
});
