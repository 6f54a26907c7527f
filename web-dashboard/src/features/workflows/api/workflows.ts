import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Definition } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export interface DefinitionInput {
  name: string;
  format: 'yaml' | 'json';
  source: string;
}

export const getWorkflows = () => apiClient.get<Definition[]>('/api/v1/workflows');
export const createWorkflow = (d: DefinitionInput) => apiClient.post<Definition>('/api/v1/workflows', d);
export const updateWorkflow = ({ id, ...d }: DefinitionInput & { id: number }) => apiClient.put<Definition>(`/api/v1/workflows/${id}`, d);

export const useWorkflows = () => useQuery({ queryKey: ['workflows'], queryFn: getWorkflows });

export function useSaveWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: DefinitionInput & { id?: number }) => (d.id ? updateWorkflow({ ...d, id: d.id }) : createWorkflow(d)),
    onSuccess: () => refreshAfterWrite(qc, ['workflows']),
  });
}
