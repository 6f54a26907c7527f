/** Where the dashboard finds the API: the same origin it was served from, unless overridden. */
export const env = {
  apiBase: (import.meta.env.VITE_API_BASE as string | undefined) ?? '',
  wsPath: '/ws',
};

export function wsUrl(token: string | null): string {
  const base = env.apiBase || window.location.origin;
  const url = new URL(env.wsPath, base.replace(/^http/, 'ws'));
  if (token) url.searchParams.set('access_token', token);
  return url.toString();
}
