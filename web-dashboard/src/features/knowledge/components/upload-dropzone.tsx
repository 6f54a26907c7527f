import { useRef, useState, type DragEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { ProblemAlert } from '@/components/ui/states';
import { useUploadFiles } from '../api/upload-files';

/** Upload files into a new source: drop them here or pick them with the file dialog. */
export function UploadDropzone() {
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadFiles();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    setFiles((prev) => [...prev, ...Array.from(e.dataTransfer.files)]);
  };
  const submit = () =>
    upload.mutate({ name: name.trim() || files[0]?.name || 'Uploads', tags, files }, { onSuccess: () => setFiles([]) });

  return (
    <div className="grid gap-3">
      <div
        role="button"
        tabIndex={0}
        aria-label="Drop files here, or press Enter to choose files"
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
        onClick={() => input.current?.click()}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        className={`cursor-pointer rounded-lg border-2 border-dashed p-6 text-center text-sm ${over ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950' : 'border-slate-300 dark:border-slate-600'}`}
      >
        Drop Markdown, HTML, PDF, Word or text files here, or click to choose.
        <input ref={input} type="file" multiple hidden data-testid="file-input" onChange={(e) => setFiles((prev) => [...prev, ...Array.from(e.target.files ?? [])])} />
      </div>
      {files.length > 0 && (
        <>
          <ul className="text-sm" aria-label="Files to upload">
            {files.map((f, i) => (
              <li key={i}>{f.name} ({Math.ceil(f.size / 1024)} KB)</li>
            ))}
          </ul>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Source name" value={name} onChange={(e) => setName(e.target.value)} placeholder={files[0]?.name} />
            <Field label="Upload tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="docs, internal" />
          </div>
          <div className="flex gap-2">
            <Button onClick={submit} disabled={upload.isPending}>{upload.isPending ? 'Uploading…' : `Upload ${files.length} file(s)`}</Button>
            <Button variant="secondary" onClick={() => setFiles([])}>Clear</Button>
          </div>
        </>
      )}
      {upload.data && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Uploaded: {upload.data.files.filter((f) => f.status < 300).length} accepted, {upload.data.files.filter((f) => f.status >= 300).length} rejected.
        </p>
      )}
      <ProblemAlert error={upload.error} />
    </div>
  );
}
