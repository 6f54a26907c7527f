import type { QueryClient } from '@tanstack/react-query';
import { wsUrl } from '@/config/env';
import { notifyFor } from '@/lib/notifications';
import { useLiveStore, type LiveEvent } from '@/stores/live-store';

/** Which cached queries an event makes stale. */
export function staleKeys(type: string): string[][] {
  if (type.startsWith('crawl.')) return type === 'crawl.progress' ? [] : [['sources']];
  if (type.startsWith('task.') || type.startsWith('merge.')) return [['tasks'], ['task']];
  if (type.startsWith('agent.') || type.startsWith('guardian.')) return [['agents'], ['tasks'], ['task']];
  if (type.startsWith('run.')) return [['runs']];
  if (type.startsWith('sync.')) return [['integrations', 'jobs'], ['integrations', 'targets']];
  if (type.startsWith('integration.')) return [['integrations', 'connections']];
  return [];
}

interface Options {
  token: string | null;
  queryClient: QueryClient;
  /** For tests. */
  socketFactory?: (url: string) => WebSocket;
}

/**
 * Keeps one WebSocket to /ws open: reconnects with a capped backoff after a drop, and refetches
 * every cached query when it is back, so nothing that happened while disconnected is lost.
 */
export function connectRealtime({ token, queryClient, socketFactory }: Options): () => void {
  const live = useLiveStore.getState();
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = new Set<string>();
  let flush: ReturnType<typeof setTimeout> | undefined;

  const invalidateSoon = (keys: string[][]) => {
    keys.forEach((k) => pending.add(JSON.stringify(k)));
    if (flush || pending.size === 0) return;
    // Events come in bursts (crawl pages, task moves): refetch at most every 250 ms.
    flush = setTimeout(() => {
      const batch = pending;
      pending = new Set();
      flush = undefined;
      batch.forEach((k) => queryClient.invalidateQueries({ queryKey: JSON.parse(k) }));
    }, 250);
  };

  const open = () => {
    if (stopped) return;
    live.setConnection('connecting');
    const ws = socketFactory ? socketFactory(wsUrl(token)) : new WebSocket(wsUrl(token));
    socket = ws;
    ws.onmessage = (m) => {
      let data: LiveEvent & { tenant?: string };
      try {
        data = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (data.type === 'welcome') {
        const reconnected = attempts > 0;
        attempts = 0;
        useLiveStore.getState().welcome(data.tenant ?? '');
        if (reconnected) queryClient.invalidateQueries();
        return;
      }
      if (data.type === 'error') return;
      useLiveStore.getState().receive(data);
      notifyFor(data);
      invalidateSoon(staleKeys(data.type));
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      useLiveStore.getState().setConnection('closed');
      if (stopped) return;
      attempts += 1;
      const delay = Math.min(500 * 2 ** (attempts - 1), 10_000);
      timer = setTimeout(open, delay);
    };
    ws.onerror = () => ws.close();
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(flush);
    socket?.close();
  };
}
