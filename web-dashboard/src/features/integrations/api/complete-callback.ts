import { useQuery } from '@tanstack/react-query';
import { ApiError, apiClient, query } from '@/lib/api-client';
import type { Connection } from './types';

export const completeCallback = (provider: string, code: string | null, state: string | null) =>
  apiClient.get<Connection>(`/api/v1/integrations/${encodeURIComponent(provider)}/callback${query({ code, state })}`);

// A state is good for one callback only: whatever re-renders or re-mounts the page (StrictMode
// runs effects twice), each code/state pair reaches the API once per page load.
const relays = new Map<string, Promise<Connection>>();

export function relayOnce(provider: string, code: string | null, state: string | null): Promise<Connection> {
  const key = JSON.stringify([provider, code, state]);
  let relay = relays.get(key);
  if (!relay) {
    relay = completeCallback(provider, code, state).catch((e: unknown) => {
      // Refused at the gateway (key no longer valid): the state was not used; after signing in
      // again the same pair may be relayed.
      if (e instanceof ApiError && e.status === 401) relays.delete(key);
      throw e;
    });
    relays.set(key, relay);
  }
  return relay;
}

/** Relays the provider's code and state to the callback API as the signed-in user. */
export function useCompleteCallback(provider: string, code: string | null, state: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['integrations', 'callback', provider, code, state],
    queryFn: () => relayOnce(provider, code, state),
    enabled,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
