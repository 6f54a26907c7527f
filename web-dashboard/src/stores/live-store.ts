import { create } from 'zustand';

/** One event as /ws delivers it (a row of the tenant's events table). */
export interface LiveEvent {
  type: string;
  id: number;
  source?: string | null;
  subject?: string | null;
  payload?: Record<string, unknown> | null;
  createdAt?: string;
}

export type Connection = 'connecting' | 'open' | 'closed';

/** Counters of a running crawl, as the last crawl.progress event gave them. */
export interface CrawlProgress {
  jobId: string;
  pagesFound: number;
  pagesFetched: number;
  pagesEmbedded: number;
  pagesFailed: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
}

const MAX_EVENTS = 50;

interface LiveState {
  connection: Connection;
  tenant: string | null;
  /** Newest first, at most 50. */
  events: LiveEvent[];
  /** By source id. */
  crawls: Record<string, CrawlProgress>;
  setConnection: (c: Connection) => void;
  welcome: (tenant: string) => void;
  receive: (e: LiveEvent) => void;
  /** Merges events read from the API (history, or what a dropped connection missed). */
  seed: (events: LiveEvent[]) => void;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function crawlUpdate(e: LiveEvent, previous?: CrawlProgress): CrawlProgress | null {
  const p = e.payload ?? {};
  const sourceId = p.sourceId;
  if (typeof sourceId !== 'string') return null;
  const status =
    e.type === 'crawl.done' ? 'done'
    : e.type === 'crawl.failed' ? 'failed'
    : e.type === 'crawl.cancelled' ? 'cancelled'
    : 'running';
  return {
    jobId: String(p.jobId ?? previous?.jobId ?? ''),
    pagesFound: num(p.pagesFound) || previous?.pagesFound || 0,
    pagesFetched: num(p.pagesFetched) || previous?.pagesFetched || 0,
    pagesEmbedded: num(p.pagesEmbedded) || previous?.pagesEmbedded || 0,
    pagesFailed: num(p.pagesFailed) || previous?.pagesFailed || 0,
    status,
  };
}

/** What /ws has said: connection state, the recent activity feed, and live crawl counters. */
export const useLiveStore = create<LiveState>((set) => ({
  connection: 'connecting',
  tenant: null,
  events: [],
  crawls: {},
  setConnection: (connection) => set({ connection }),
  welcome: (tenant) => set({ tenant, connection: 'open' }),
  receive: (e) =>
    set((s) => {
      if (s.events.some((x) => x.id === e.id)) return s;
      const events = [e, ...s.events].slice(0, MAX_EVENTS);
      if (!e.type.startsWith('crawl.')) return { events };
      const sourceId = String(e.payload?.sourceId ?? '');
      const update = crawlUpdate(e, s.crawls[sourceId]);
      return update ? { events, crawls: { ...s.crawls, [sourceId]: update } } : { events };
    }),
  seed: (incoming) =>
    set((s) => {
      const known = new Set(s.events.map((e) => e.id));
      const fresh = incoming.filter((e) => !known.has(e.id));
      if (fresh.length === 0) return s;
      return { events: [...s.events, ...fresh].sort((a, b) => b.id - a.id).slice(0, MAX_EVENTS) };
    }),
}));
