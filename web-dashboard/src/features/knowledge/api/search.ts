import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiClient, query } from '@/lib/api-client';
import type { CodeHit, SearchResult } from './types';

export interface SearchParams {
  query: string;
  mode: 'hybrid' | 'semantic' | 'keyword';
  sourceId?: string;
  tag?: string;
}

export const search = (p: SearchParams) =>
  apiClient.get<SearchResult>(`/api/v1/search${query({ query: p.query, mode: p.mode, sourceId: p.sourceId, tag: p.tag, limit: 20 })}`);

export function useSearch(p: SearchParams) {
  return useQuery({ queryKey: ['search', p], queryFn: () => search(p), enabled: p.query.trim().length > 0, placeholderData: keepPreviousData });
}

export const searchCode = (q: string, language: string) =>
  apiClient.get<CodeHit[]>(`/api/v1/code-examples${query({ query: q, language, limit: 20 })}`);

export function useCodeExamples(q: string, language: string) {
  return useQuery({ queryKey: ['code-examples', q, language], queryFn: () => searchCode(q, language), enabled: q.trim().length > 0 });
}
