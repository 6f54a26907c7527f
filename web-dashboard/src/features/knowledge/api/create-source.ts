import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { SourceView } from './types';
import { refreshAfterWrite } from '@/lib/refresh';

export interface NewSource {
  name: string;
  url: string;
  tags?: string[];
  maxDepth?: number;
  maxPages?: number;
  includePatterns?: string[];
  excludePatterns?: string[];
}

export const createSource = (s: NewSource) => apiClient.post<SourceView>('/api/v1/sources', s);

export function useCreateSource() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSource, onSuccess: () => refreshAfterWrite(qc, ['sources']) });
}
