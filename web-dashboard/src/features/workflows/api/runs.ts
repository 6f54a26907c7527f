import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Run } from './types';

export const getRuns = () => apiClient.get<Run[]>('/api/v1/runs');
export const createRun = (r: { workflowId: number; repoPath: string; baseBranch: string }) => apiClient.post<Run>('/api/v1/runs', r);
export const cancelRun = (id: number) => apiClient.post<Run>(`/api/v1/runs/${id}/cancel`);

export const useRuns = () => useQuery({ queryKey: ['runs'], queryFn: getRuns });

export function useCreateRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createRun, onSuccess: () => qc.invalidateQueries({ queryKey: ['runs'] }) });
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: cancelRun, onSuccess: () => qc.invalidateQueries() });
}
