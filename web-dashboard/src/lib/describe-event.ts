import type { LiveEvent } from '@/stores/live-store';

/** One line of the activity feed for an event. */
export function describeEvent(e: LiveEvent): string {
  const p = e.payload ?? {};
  const s = (k: string) => (p[k] === undefined || p[k] === null ? '' : String(p[k]));
  switch (e.type) {
    case 'crawl.started':
      return `Crawl started (${s('kind') || 'crawl'})`;
    case 'crawl.progress':
      return `Crawling: ${s('pagesEmbedded') || 0} of ${s('pagesFound') || '?'} pages indexed`;
    case 'crawl.done':
      return `Crawled: ${s('pagesEmbedded') || 0} pages indexed, ${s('pagesFailed') || 0} failed`;
    case 'crawl.failed':
      return `Crawl failed: ${s('error')}`;
    case 'crawl.cancelled':
      return 'Crawl cancelled';
    case 'index.reembed.progress':
      return `Re-embedding for ${s('model')}: ${s('chunksDone') || 0} of ${s('chunksTotal') || '?'} chunks`;
    case 'index.reembed.done':
      return `Re-embedded ${s('chunks') || 0} chunks for ${s('model')}; semantic search is back`;
    case 'task.created':
      return `Task ${s('taskId')} created in run ${s('runId')}`;
    case 'task.status':
      return `Task ${s('taskId')} moved ${s('from')} → ${s('to')}`;
    case 'run.started':
      return `Run ${s('runId')} of ${s('workflow')} started`;
    case 'guardian.intervened':
      return `Guardian intervened on ${e.subject ?? 'an agent'}: ${s('action')} ${s('reason')}`.trim();
    default:
      if (e.type.startsWith('agent.')) return `Agent ${e.subject?.replace('agent:', '') ?? ''} ${e.type.slice(6)}`;
      return `${e.type}${e.subject ? ` (${e.subject})` : ''}`;
  }
}
