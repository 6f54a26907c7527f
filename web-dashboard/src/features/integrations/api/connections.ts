import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { AuthorizationStart, Connection, ProviderId } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export const getConnections = () => apiClient.get<Connection[]>('/api/v1/integrations/connections');
export const disconnect = (id: string) =>
  apiClient.delete<{ id: string; revoked: boolean }>(`/api/v1/integrations/connections/${id}`);
export const startAuthorization = (provider: ProviderId) =>
  apiClient.post<AuthorizationStart>(`/api/v1/integrations/${provider}/authorize`);

export const useConnections = () => useQuery({ queryKey: ['integrations', 'connections'], queryFn: getConnections });

export function useDisconnect() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: disconnect, onSuccess: () => refreshAfterWrite(qc, ['integrations']) });
}

/** Where the browser goes to grant access; a seam so tests need not leave the page. */
export const browser = { go: (url: string) => window.location.assign(url) };

/** Starts an authorization and sends the browser to the provider's consent page. */
export const useStartAuthorization = () =>
  useMutation({ mutationFn: startAuthorization, onSuccess: (start) => browser.go(start.authorizationUrl) });
