import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** Who the dashboard acts as (GET /api/v1/me on the gateway). */
export interface Session {
  mode: 'local' | 'saas' | 'onprem' | 'dedicated';
  tenant: string | null;
  plan: string | null;
  user: string | null;
  role: 'admin' | 'member' | 'viewer';
  platformAdmin: boolean;
}

export const getSession = () => apiClient.get<Session>('/api/v1/me');

export function useSession(apiKey: string | null) {
  return useQuery({ queryKey: ['session', apiKey], queryFn: getSession, retry: false, staleTime: 60_000 });
}

/** Viewers read; members and admins write. */
export const canWrite = (s: Session | undefined) => !!s && s.role !== 'viewer';
