import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { refreshAfterWrite } from '@/lib/refresh';

export const deleteSource = (id: string) => apiClient.delete<void>(`/api/v1/sources/${id}`);
export const refreshSource = (id: string) => apiClient.post<unknown>(`/api/v1/sources/${id}/refresh`);
export const cancelSource = (id: string) => apiClient.post<unknown>(`/api/v1/sources/${id}/cancel`);

function useSourceAction(fn: (id: string) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => refreshAfterWrite(qc, ['sources']) });
}

export const useDeleteSource = () => useSourceAction(deleteSource);
export const useRefreshSource = () => useSourceAction(refreshSource);
export const useCancelSource = () => useSourceAction(cancelSource);
