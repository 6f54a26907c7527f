import { env } from '@/config/env';
import { useAuthStore } from '@/stores/auth-store';

/** An RFC 9457 problem as the API sends it; what the UI shows is its title and detail. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

/** A failed API call, carrying the problem document (or one made up for a network failure). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

type Body = object | FormData | undefined;

async function toProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (parsed && typeof parsed.title === 'string') {
      return { ...parsed, title: parsed.title, status: parsed.status ?? response.status };
    }
  } catch {
    // not JSON: fall through to a problem made from the status line
  }
  return {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text && text.length < 300 ? text : undefined,
  };
}

/** Sends one request to the API; resolves with the JSON body, rejects with an {@link ApiError}. */
export async function api<T>(method: string, path: string, body?: Body): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = useAuthStore.getState().apiKey;
  if (key) headers.Authorization = `Bearer ${key}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(env.apiBase + path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: `Could not reach DevFlow (${e instanceof Error ? e.message : String(e)}).`,
    });
  }
  if (!response.ok) {
    const problem = await toProblem(response);
    if (response.status === 401 && key) useAuthStore.getState().signOut('Your API key was refused.');
    throw new ApiError(problem);
  }
  if (response.status === 204 || response.status === 202) {
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return (await response.json()) as T;
}

export const apiClient = {
  get: <T>(path: string) => api<T>('GET', path),
  post: <T>(path: string, body?: Body) => api<T>('POST', path, body),
  put: <T>(path: string, body?: Body) => api<T>('PUT', path, body),
  patch: <T>(path: string, body?: Body) => api<T>('PATCH', path, body),
  delete: <T>(path: string) => api<T>('DELETE', path),
};

/** Query string from the defined entries; arrays repeat the key. */
export function query(params: Record<string, string | number | string[] | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((item) => q.append(k, item));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
