import type { LiveEvent } from '@/stores/live-store';
import { useUiStore } from '@/stores/ui-store';

/** The desktop notification an event deserves, if any (finished crawls, failed agents, Guardian). */
export function notificationFor(e: LiveEvent): { title: string; body: string } | null {
  const p = e.payload ?? {};
  switch (e.type) {
    case 'crawl.done':
      return { title: 'Crawl finished', body: `${p.pagesEmbedded ?? 0} pages indexed.` };
    case 'crawl.failed':
      return { title: 'Crawl failed', body: String(p.error ?? 'See the source for details.') };
    case 'agent.failed':
      return { title: 'Agent failed', body: `${e.subject ?? 'An agent'}: ${String(p.reason ?? '')}` };
    case 'guardian.intervened':
      return { title: 'Guardian intervened', body: `${e.subject ?? 'An agent'}: ${String(p.reason ?? p.action ?? '')}` };
    default:
      return null;
  }
}

export function notifyFor(e: LiveEvent) {
  if (!useUiStore.getState().notifications) return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = notificationFor(e);
  if (n) new Notification(n.title, { body: n.body, tag: `devflow-${e.id}` });
}

/** Asks the browser for permission; true when notifications may be shown. */
export async function requestNotifications(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'granted') return true;
  return (await Notification.requestPermission()) === 'granted';
}
