import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export interface Metric {
  used: number | null;
  limit: number | null;
  period: 'total' | 'month';
  metered: boolean;
}

export interface Usage {
  tenant: string;
  plan: string;
  metrics: Record<string, Metric>;
}

export const getUsage = () => apiClient.get<Usage>('/api/v1/usage');
export const useUsage = () => useQuery({ queryKey: ['usage'], queryFn: getUsage });
