import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Source, SourceView } from './types';

export const getSources = () => apiClient.get<Source[]>('/api/v1/sources');

const active = (s: Source) => s.status === 'running' || s.status === 'queued';

/** The sources; while any crawl runs, re-read every few seconds as a safety net under /ws. */
export function useSources() {
  return useQuery({
    queryKey: ['sources'],
    queryFn: getSources,
    refetchInterval: (q) => (q.state.data?.some(active) ? 5_000 : false),
  });
}

export const getSource = (id: string) => apiClient.get<SourceView>(`/api/v1/sources/${id}`);

/** One source with its latest job: the progress bar's starting point after a reload. */
export function useSource(id: string, enabled: boolean) {
  return useQuery({ queryKey: ['sources', id], queryFn: () => getSource(id), enabled });
}
