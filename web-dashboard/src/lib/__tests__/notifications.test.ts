import { afterEach, describe, expect, it, vi } from 'vitest';
import { notificationFor, notifyFor } from '@/lib/notifications';
import { useUiStore } from '@/stores/ui-store';

class FakeNotification {
  static permission = 'granted';
  static shown: { title: string; body?: string }[] = [];
  constructor(title: string, options?: { body?: string }) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
}

describe('desktop notifications', () => {
  afterEach(() => {
    FakeNotification.shown = [];
    useUiStore.setState({ notifications: false });
  });

  it('exist for finished crawls, failed agents and Guardian interventions only', () => {
    expect(notificationFor({ type: 'crawl.done', id: 1, payload: { pagesEmbedded: 12 } })).toEqual({ title: 'Crawl finished', body: '12 pages indexed.' });
    expect(notificationFor({ type: 'agent.failed', id: 2, subject: 'agent:3', payload: { reason: 'exit 1' } })?.title).toBe('Agent failed');
    expect(notificationFor({ type: 'guardian.intervened', id: 3, subject: 'agent:3', payload: { action: 'restart' } })?.body).toContain('restart');
    expect(notificationFor({ type: 'crawl.progress', id: 4, payload: {} })).toBeNull();
    expect(notificationFor({ type: 'task.status', id: 5, payload: {} })).toBeNull();
  });

  it('are shown only after the user opted in and the browser granted permission', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const done = { type: 'crawl.done', id: 1, payload: { pagesEmbedded: 1 } };
    notifyFor(done);
    expect(FakeNotification.shown).toHaveLength(0);
    useUiStore.setState({ notifications: true });
    FakeNotification.permission = 'denied';
    notifyFor(done);
    expect(FakeNotification.shown).toHaveLength(0);
    FakeNotification.permission = 'granted';
    notifyFor(done);
    expect(FakeNotification.shown).toEqual([{ title: 'Crawl finished', body: '1 pages indexed.' }]);
  });
});
