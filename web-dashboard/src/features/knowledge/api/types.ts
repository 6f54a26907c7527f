export interface Job {
  id: string;
  sourceId: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  pagesFound: number;
  pagesFetched: number;
  pagesChunked: number;
  pagesEmbedded: number;
  pagesUnchanged: number;
  pagesFailed: number;
  chunksEmbedded: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Source {
  id: string;
  name: string;
  kind: 'url' | 'upload';
  url: string | null;
  tags: string[];
  maxDepth: number;
  maxPages: number;
  status: 'idle' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  pageCount: number;
  chunkCount: number;
  codeExampleCount: number;
  lastCrawlAt: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface SourceView extends Source {
  latestJob: Job | null;
  errors: { url: string; message: string; at: string }[];
}

export interface SearchItem {
  chunkId: number;
  sourceId: string;
  sourceName: string;
  url: string;
  title: string;
  headingPath: string;
  text: string;
  snippet: string;
  score: number;
  /** The page's other matching passages, best first (results are one per page). */
  passages?: Passage[];
}

export interface Passage {
  chunkId: number;
  url: string;
  headingPath: string;
  snippet: string;
}

export interface SearchResult {
  query: string;
  /** The mode that ran: keyword when a hybrid search could not use vectors (see notice). */
  mode: string;
  results: SearchItem[];
  /** Why the search ran otherwise than asked, e.g. while the index is rebuilt for a new model. */
  notice?: string;
  /** Whether a chat model reordered the results. */
  reranked?: boolean;
}

export interface CodeHit {
  id: number;
  sourceId: string;
  url: string;
  title: string;
  language: string;
  code: string;
  context: string;
  score: number;
}
