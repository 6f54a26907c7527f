import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { refreshAfterWrite } from '@/lib/refresh';

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  /** What the key may reach (read-only, mcp, runner); empty: everything its user may do. */
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** read-only: only reading; mcp: only the MCP endpoint; runner: only `devflow runner`. */
export type KeyScope = 'read-only' | 'mcp' | 'runner';

export interface CreatedKey {
  key: ApiKey;
  apiKey: string;
}

export const getKeys = () => apiClient.get<ApiKey[]>('/api/v1/keys');
export const createKey = (k: { name: string; expiresInDays?: number; scopes?: KeyScope[] }) => apiClient.post<CreatedKey>('/api/v1/keys', k);
export const revokeKey = (id: string) => apiClient.delete<ApiKey>(`/api/v1/keys/${id}`);

export const useKeys = (enabled: boolean) => useQuery({ queryKey: ['keys'], queryFn: getKeys, enabled });

export function useCreateKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createKey, onSuccess: () => refreshAfterWrite(qc, ['keys']) });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeKey, onSuccess: () => refreshAfterWrite(qc, ['keys']) });
}
