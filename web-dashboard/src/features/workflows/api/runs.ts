import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Run } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export const getRuns = () => apiClient.get<Run[]>('/api/v1/runs');
/** A run on a path on the engine's machine, or on a repository a runner announced: exactly one of them. */
export type RunInput = { workflowId: number; baseBranch: string } & ({ repoPath: string; repository?: never } | { repository: string; repoPath?: never });

export const createRun = (r: RunInput) => apiClient.post<Run>('/api/v1/runs', r);
export const cancelRun = (id: number) => apiClient.post<Run>(`/api/v1/runs/${id}/cancel`);

export const useRuns = () => useQuery({ queryKey: ['runs'], queryFn: getRuns });

export function useCreateRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createRun, onSuccess: () => refreshAfterWrite(qc, ['runs']) });
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: cancelRun, onSuccess: () => refreshAfterWrite(qc) });
}
