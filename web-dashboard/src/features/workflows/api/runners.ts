import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Runner } from './types';

export const getRunners = () => apiClient.get<Runner[]>('/api/v1/runners');

/** The tenant's runners, re-read every 5 s: they connect and disconnect on their own. */
export const useRunners = () => useQuery({ queryKey: ['runners'], queryFn: getRunners, refetchInterval: 5_000 });
