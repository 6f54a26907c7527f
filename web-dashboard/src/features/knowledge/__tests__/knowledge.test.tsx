import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { KnowledgePage } from '@/features/knowledge/components/knowledge-page';
import { Highlight } from '@/features/knowledge/components/highlight';
import { useLiveStore } from '@/stores/live-store';
import { mockApi } from '@/test/api-mock';
import { renderWithProviders } from '@/test/render';
import { render } from '@testing-library/react';

const source = (over: object = {}) => ({
  id: 's1', name: 'Docs', kind: 'url', url: 'http://127.0.0.1/docs/', tags: ['docs'], maxDepth: 2, maxPages: 50,
  status: 'done', pageCount: 12, chunkCount: 40, codeExampleCount: 3, lastCrawlAt: null, lastError: null, createdAt: '2026-01-01T00:00:00Z', ...over,
});
const job = (over: object = {}) => ({ id: 'j1', sourceId: 's1', kind: 'crawl', status: 'running', pagesFound: 20, pagesFetched: 8, pagesChunked: 5, pagesEmbedded: 5, pagesUnchanged: 0, pagesFailed: 1, chunksEmbedded: 9, error: null, createdAt: '', startedAt: '', finishedAt: null, ...over });

describe('knowledge screen', () => {
  it('shows the empty state when there are no sources', async () => {
    mockApi({ 'GET /api/v1/sources': [] });
    renderWithProviders(<KnowledgePage canWrite />);
    expect(await screen.findByText(/No sources yet/)).toBeInTheDocument();
  });

  it('starts a running crawl from the stored job after a reload, then follows /ws', async () => {
    mockApi({
      'GET /api/v1/sources': [source({ status: 'running' })],
      'GET /api/v1/sources/s1': { ...source({ status: 'running' }), latestJob: job(), errors: [] },
    });
    renderWithProviders(<KnowledgePage canWrite />);
    const bar = await screen.findByRole('progressbar', { name: 'Crawl progress of Docs' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuetext', '6 of 20'));
    useLiveStore.getState().receive({ type: 'crawl.progress', id: 5, payload: { sourceId: 's1', jobId: 'j1', pagesFound: 30, pagesFetched: 20, pagesEmbedded: 18, pagesFailed: 1 } });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuetext', '19 of 30'));
  });

  it('adds a URL source with depth and limits, and shows the API problem inline', async () => {
    const { calls } = mockApi({
      'GET /api/v1/sources': [],
      'POST /api/v1/sources': (body) =>
        (body as { url: string }).url.includes('bad')
          ? { status: 400, problem: true, body: { title: 'Invalid request', status: 400, detail: 'The URL must be http or https.', field: 'url' } }
          : { status: 201, body: { ...source(), latestJob: null, errors: [] } },
    });
    renderWithProviders(<KnowledgePage canWrite />);
    const form = await screen.findByRole('form', { name: 'Add a URL source' });
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Name'), 'Docs');
    await user.type(within(form).getByLabelText('URL'), 'http://bad.example/');
    await user.clear(within(form).getByLabelText('Depth'));
    await user.type(within(form).getByLabelText('Depth'), '2');
    await user.click(within(form).getByRole('button', { name: 'Add source' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Invalid request');
    expect(within(form).getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'Docs', maxDepth: 2, maxPages: 1000 });
  });

  it('hides every write action from a viewer', async () => {
    mockApi({ 'GET /api/v1/sources': [source()] });
    renderWithProviders(<KnowledgePage canWrite={false} />);
    await screen.findByTestId('source-row');
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add a URL source' })).toBeNull();
  });

  it('searches and shows snippets with highlighted terms', async () => {
    const { calls } = mockApi({
      'GET /api/v1/sources': [source()],
      'GET /api/v1/search': { query: 'lucene', mode: 'hybrid', results: [{ chunkId: 1, sourceId: 's1', sourceName: 'Docs', url: 'http://x/a', title: 'Indexing', headingPath: 'Guide > Index', text: '', snippet: 'Build a <b>Lucene</b> index', score: 0.5 }] },
    });
    renderWithProviders(<KnowledgePage canWrite />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search knowledge' }), 'lucene');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    const result = await screen.findByTestId('search-result');
    expect(within(result).getByText('Lucene').tagName).toBe('MARK');
    expect(calls.some((c) => c.path.startsWith('/api/v1/search?query=lucene&mode=hybrid'))).toBe(true);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows a page once, with its other matching passages under it', async () => {
    mockApi({
      'GET /api/v1/sources': [source()],
      'GET /api/v1/search': {
        query: 'vacuum', mode: 'hybrid',
        results: [{
          chunkId: 1, sourceId: 's1', sourceName: 'Docs', url: 'http://x/vacuum#a', title: 'VACUUM', headingPath: 'VACUUM › Description', text: '', snippet: '<b>VACUUM</b> reclaims storage', score: 0.5,
          passages: [{ chunkId: 2, url: 'http://x/vacuum#full', headingPath: 'VACUUM › FULL', snippet: '<b>VACUUM</b> FULL rewrites the table' }],
        }],
      },
    });
    renderWithProviders(<KnowledgePage canWrite />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search knowledge' }), 'vacuum');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    const result = await screen.findByTestId('search-result');
    const folded = within(result).getByTestId('folded-passage');
    expect(within(folded).getByRole('link', { name: 'VACUUM › FULL' })).toHaveAttribute('href', 'http://x/vacuum#full');
    expect(folded).toHaveTextContent('VACUUM FULL rewrites the table');
  });

  it('says why a hybrid search returned keyword results only', async () => {
    mockApi({
      'GET /api/v1/sources': [source()],
      'GET /api/v1/search': {
        query: 'lucene', mode: 'keyword', notice: 'The search index still holds vectors of the model old-model. Until then hybrid search returns keyword results only.',
        results: [{ chunkId: 1, sourceId: 's1', sourceName: 'Docs', url: 'http://x/a', title: 'Indexing', headingPath: '', text: 'Build a Lucene index', snippet: '', score: 0.5 }],
      },
    });
    renderWithProviders(<KnowledgePage canWrite />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search knowledge' }), 'lucene');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByTestId('search-result');
    expect(screen.getByRole('status')).toHaveTextContent('hybrid search returns keyword results only');
  });
});

describe('highlight', () => {
  it('renders only <b> as marks and everything else as text (no HTML injection)', () => {
    const { container } = render(<Highlight snippet={'<img src=x onerror=alert(1)> <b>hit</b>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('mark')).toHaveTextContent('hit');
    expect(container).toHaveTextContent('<img src=x onerror=alert(1)>');
  });
});

describe('code examples', () => {
  it('finds code examples by topic and language and shows the code', async () => {
    const { calls } = mockApi({
      'GET /api/v1/sources': [],
      'GET /api/v1/code-examples': [{ id: 1, sourceId: 's1', url: 'http://x/a', title: 'Retries', language: 'java', code: 'quokka.retry(3);', context: 'Retries', score: 1 }],
    });
    renderWithProviders(<KnowledgePage canWrite />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Code examples about' }), 'retry');
    await userEvent.type(screen.getByLabelText('Language'), 'java');
    await userEvent.click(screen.getByRole('button', { name: 'Find code' }));
    expect(await screen.findByText('quokka.retry(3);')).toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/code-examples?query=retry&language=java&limit=20')).toBe(true);
  });
});
