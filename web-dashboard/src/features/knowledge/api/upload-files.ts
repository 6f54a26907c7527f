import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { refreshAfterWrite } from '@/lib/refresh';

export interface UploadAnswer {
  sourceId: string;
  jobId: string;
  files: { name: string; status: number; problem?: { detail: string } | null }[];
}

export function uploadFiles({ name, tags, files }: { name: string; tags: string; files: File[] }) {
  const form = new FormData();
  form.append('name', name);
  if (tags) form.append('tags', tags);
  files.forEach((f) => form.append('files', f, f.name));
  return apiClient.post<UploadAnswer>('/api/v1/sources/uploads', form);
}

export function useUploadFiles() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: uploadFiles, onSuccess: () => refreshAfterWrite(qc, ['sources']) });
}
