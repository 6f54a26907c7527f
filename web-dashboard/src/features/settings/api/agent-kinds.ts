import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { refreshAfterWrite } from '@/lib/refresh';

/** An agent kind (claude-code, opencode...): its program, where that comes from, and whether it can run here. */
export interface AgentKind {
  kind: string;
  family: 'claude' | 'opencode' | 'generic';
  command: string;
  source: 'configuration' | 'setting';
  defaultMode: 'interactive' | 'headless';
  modes: string[];
  /** Secrets' values come back as "***". */
  env: Record<string, string>;
  available: boolean;
  resolvedPath: string | null;
  problem: string | null;
}

/** A kind's setting; a field left out (or null) follows the configuration again. */
export interface AgentKindUpdate {
  command?: string | null;
  mode?: string | null;
  env?: Record<string, string>;
}

export const getAgentKinds = () => apiClient.get<AgentKind[]>('/api/v1/agent-kinds');
export const updateAgentKind = ({ kind, ...setting }: AgentKindUpdate & { kind: string }) =>
  apiClient.put<AgentKind>(`/api/v1/agent-kinds/${encodeURIComponent(kind)}`, setting);

export const useAgentKinds = () => useQuery({ queryKey: ['agent-kinds'], queryFn: getAgentKinds });

export function useUpdateAgentKind() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateAgentKind, onSuccess: () => refreshAfterWrite(qc, ['agent-kinds']) });
}
