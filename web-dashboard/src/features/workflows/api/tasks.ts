import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Intervention, Task, TaskStatus } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export const getTasks = (runId: number) => apiClient.get<Task[]>(`/api/v1/runs/${runId}/tasks`);
export const getTask = (id: number) => apiClient.get<Task>(`/api/v1/tasks/${id}`);
export const getTaskInterventions = (id: number) => apiClient.get<Intervention[]>(`/api/v1/tasks/${id}/interventions`);
export const moveTask = ({ id, status, reason }: { id: number; status: TaskStatus; reason?: string }) =>
  apiClient.patch<Task>(`/api/v1/tasks/${id}/status`, { status, reason });

export const useTasks = (runId: number | null) =>
  useQuery({ queryKey: ['tasks', runId], queryFn: () => getTasks(runId!), enabled: runId !== null });

export const useTask = (id: number | null) => useQuery({ queryKey: ['task', id], queryFn: () => getTask(id!), enabled: id !== null });

export const useTaskInterventions = (id: number | null) =>
  useQuery({ queryKey: ['task', id, 'interventions'], queryFn: () => getTaskInterventions(id!), enabled: id !== null });

export function useMoveTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: moveTask,
    onSuccess: () => refreshAfterWrite(qc, ['tasks'], ['task']),
  });
}
