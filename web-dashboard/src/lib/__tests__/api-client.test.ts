import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiClient, query } from '@/lib/api-client';
import { useAuthStore } from '@/stores/auth-store';
import { mockApi } from '@/test/api-mock';

describe('api client', () => {
  it('turns a problem+json answer into an ApiError carrying title, detail and field', async () => {
    mockApi({
      'POST /api/v1/sources': { status: 400, problem: true, body: { title: 'Validation failed', status: 400, detail: 'url: must not be blank', field: 'url' } },
    });
    const error = (await apiClient.post('/api/v1/sources', { name: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem).toMatchObject({ title: 'Validation failed', detail: 'url: must not be blank', field: 'url', status: 400 });
  });

  it('reports an unreachable server as a network problem instead of throwing a TypeError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = (await apiClient.get('/api/v1/sources').catch((e: unknown) => e)) as ApiError;
    expect(error.problem).toMatchObject({ title: 'Network error', status: 0 });
  });

  it('sends the signed-in key as a Bearer token and signs out when it is refused', async () => {
    useAuthStore.getState().signIn('dfk_abc', false);
    const { fetchMock } = mockApi({ 'GET /api/v1/usage': { status: 401, problem: true, body: { title: 'Unauthorized', status: 401 } } });
    await apiClient.get('/api/v1/usage').catch(() => undefined);
    expect((fetchMock.mock.calls[0][1] as RequestInit).headers).toMatchObject({ Authorization: 'Bearer dfk_abc' });
    expect(useAuthStore.getState().apiKey).toBeNull();
    expect(useAuthStore.getState().reason).toMatch(/refused/);
  });

  it('builds query strings, repeating array keys and skipping empty values', () => {
    expect(query({ query: 'a b', tag: ['x', 'y'], mode: undefined, sourceId: '' })).toBe('?query=a+b&tag=x&tag=y');
    expect(query({})).toBe('');
  });
});
