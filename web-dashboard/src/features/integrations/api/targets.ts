import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { SyncJob, SyncTarget, TargetKind } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export interface NewTarget {
  kind: TargetKind;
  key: string;
  jql?: string;
}

export const getTargets = (connectionId: string) =>
  apiClient.get<SyncTarget[]>(`/api/v1/integrations/connections/${connectionId}/targets`);
export const createTarget = (connectionId: string, t: NewTarget) =>
  apiClient.post<{ target: SyncTarget; job: SyncJob }>(`/api/v1/integrations/connections/${connectionId}/targets`, t);
export const syncNow = (targetId: string) => apiClient.post<SyncJob>(`/api/v1/integrations/targets/${targetId}/sync`);
export const getJobs = (targetId: string) => apiClient.get<SyncJob[]>(`/api/v1/integrations/targets/${targetId}/jobs`);

export const useTargets = (connectionId: string) =>
  useQuery({ queryKey: ['integrations', 'targets', connectionId], queryFn: () => getTargets(connectionId) });

export function useCreateTarget(connectionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (t: NewTarget) => createTarget(connectionId, t),
    onSuccess: () => refreshAfterWrite(qc, ['integrations', 'targets', connectionId]),
  });
}

export function useSyncNow(targetId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => syncNow(targetId),
    onSuccess: () => refreshAfterWrite(qc, ['integrations', 'jobs', targetId]),
  });
}

const active = (j: SyncJob) => j.status === 'queued' || j.status === 'running';

/** A target's jobs, newest first; re-read every few seconds while one is queued or running. */
export function useJobs(targetId: string) {
  return useQuery({
    queryKey: ['integrations', 'jobs', targetId],
    queryFn: () => getJobs(targetId),
    refetchInterval: (q) => (q.state.data?.some(active) ? 3_000 : false),
  });
}
