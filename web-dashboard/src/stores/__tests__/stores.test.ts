import { describe, expect, it } from 'vitest';
import { useLiveStore } from '@/stores/live-store';
import { useUiStore } from '@/stores/ui-store';

describe('live store', () => {
  it('tracks a crawl from progress to done, keeping counters the last event did not repeat', () => {
    const { receive } = useLiveStore.getState();
    receive({ type: 'crawl.progress', id: 1, payload: { sourceId: 's', jobId: 'j', pagesFound: 10, pagesFetched: 4, pagesEmbedded: 3, pagesFailed: 0 } });
    expect(useLiveStore.getState().crawls.s).toMatchObject({ status: 'running', pagesFound: 10, pagesEmbedded: 3 });
    receive({ type: 'crawl.done', id: 2, payload: { sourceId: 's', jobId: 'j', pagesEmbedded: 10 } });
    expect(useLiveStore.getState().crawls.s).toMatchObject({ status: 'done', pagesFound: 10, pagesEmbedded: 10, pagesFetched: 4 });
  });

  it('ignores an event it already has (a redelivery after reconnecting) and keeps the newest 50', () => {
    const { receive } = useLiveStore.getState();
    for (let i = 1; i <= 60; i++) receive({ type: 'task.created', id: i, payload: {} });
    receive({ type: 'task.created', id: 60, payload: {} });
    const events = useLiveStore.getState().events;
    expect(events).toHaveLength(50);
    expect(events[0].id).toBe(60);
    expect(events[49].id).toBe(11);
  });
});

describe('ui store', () => {
  it('switches the theme on the document and remembers it in localStorage', () => {
    useUiStore.getState().setTheme('light');
    useUiStore.getState().toggleTheme();
    expect(document.documentElement).toHaveClass('dark');
    expect(JSON.parse(localStorage.getItem('devflow-ui')!).state.theme).toBe('dark');
    useUiStore.getState().toggleTheme();
    expect(document.documentElement).not.toHaveClass('dark');
  });
});

describe('live store history', () => {
  it('merges events read from the API with live ones, newest first, without duplicates', () => {
    const { receive, seed } = useLiveStore.getState();
    receive({ type: 'task.status', id: 12, payload: {} });
    seed([{ type: 'crawl.done', id: 12, payload: {} }, { type: 'crawl.started', id: 10, payload: {} }, { type: 'run.started', id: 11, payload: {} }]);
    expect(useLiveStore.getState().events.map((e) => [e.id, e.type])).toEqual([[12, 'task.status'], [11, 'run.started'], [10, 'crawl.started']]);
  });
});
