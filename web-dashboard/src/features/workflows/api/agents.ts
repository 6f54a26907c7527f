import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient, query } from '@/lib/api-client';
import type { Agent, AgentMode, PaneLog } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export const getAgents = (runId?: number) => apiClient.get<Agent[]>(`/api/v1/agents${query({ runId })}`);
export const getAgentTail = (id: number) => apiClient.get<PaneLog>(`/api/v1/agents/${id}/log/tail?lines=200`);
/** Without a mode the server uses the kind's default. */
export const spawnAgent = ({ runId, kind, taskId, mode }: { runId: number; kind: string; taskId?: number; mode?: AgentMode }) =>
  apiClient.post<Agent>(`/api/v1/runs/${runId}/agents`, { kind, taskId, mode });
export const agentAction = ({ id, action }: { id: number; action: 'stop' | 'restart' | 'cancel' }) =>
  apiClient.post<Agent>(`/api/v1/agents/${id}/${action}`);

export const useAgents = (runId?: number) => useQuery({ queryKey: ['agents', runId ?? 'all'], queryFn: () => getAgents(runId) });

/** The agent's pane, re-read every 2 s while it is live. */
export const useAgentTail = (id: number | null) =>
  useQuery({
    queryKey: ['agents', id, 'tail'],
    queryFn: () => getAgentTail(id!),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.live === false ? false : 2_000),
  });

export function useAgentMutation<T>(fn: (v: T) => Promise<Agent>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => refreshAfterWrite(qc, ['agents'], ['tasks'], ['task']),
  });
}
