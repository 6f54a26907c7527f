import { vi } from 'vitest';

type Handler = (body: unknown, url: URL) => { status?: number; body?: unknown; problem?: boolean } | undefined;

/**
 * Stubs fetch with a table of 'METHOD /path' handlers, recording calls; an unlisted route answers
 * 404 as a problem document. Component tests only: the end-to-end tests use the real stack.
 */
export function mockApi(routes: Record<string, Handler | object>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    calls.push({ method, path: url.pathname + url.search, body });
    const route = routes[`${method} ${url.pathname}`];
    const answer =
      typeof route === 'function'
        ? (route as Handler)(body, url)
        : route === undefined
          ? undefined
          : !Array.isArray(route) && 'body' in route && 'status' in route
            ? (route as { status: number; body: unknown; problem?: boolean })
            : { body: route };
    if (!answer) {
      return new Response(JSON.stringify({ title: 'Not Found', status: 404, detail: `No route ${method} ${url.pathname}` }), {
        status: 404,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    }
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'Content-Type': answer.problem ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const localSession = { mode: 'local', tenant: 'local', plan: 'enterprise', user: 'local', role: 'admin', platformAdmin: false };
