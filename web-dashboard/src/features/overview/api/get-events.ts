import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { LiveEvent } from '@/stores/live-store';

/** The tenant's latest events (GET /api/v1/events): the activity feed's history before /ws. */
export const getEvents = () => apiClient.get<LiveEvent[]>('/api/v1/events?limit=50');

export const useEvents = () => useQuery({ queryKey: ['events'], queryFn: getEvents, staleTime: Infinity });
