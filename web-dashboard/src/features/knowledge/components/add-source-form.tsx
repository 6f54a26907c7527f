import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldError } from '@/components/ui/field';
import { ProblemAlert } from '@/components/ui/states';
import { useCreateSource } from '../api/create-source';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function AddSourceForm() {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [depth, setDepth] = useState('3');
  const [pages, setPages] = useState('1000');
  const [tags, setTags] = useState('');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const create = useCreateSource();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        url: url.trim(),
        maxDepth: Number(depth),
        maxPages: Number(pages),
        tags: list(tags),
        includePatterns: list(include),
        excludePatterns: list(exclude),
      },
      { onSuccess: () => { setName(''); setUrl(''); } },
    );
  };

  const err = (f: string) => fieldError(create.error, f);
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Add a URL source">
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} required error={err('name')} />
      <Field label="URL" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://docs.example.com/" error={err('url')} />
      <Field label="Depth" type="number" min={0} max={10} value={depth} onChange={(e) => setDepth(e.target.value)} error={err('maxDepth')} hint="Links followed from the start page (0-10)." />
      <Field label="Page limit" type="number" min={1} max={100000} value={pages} onChange={(e) => setPages(e.target.value)} error={err('maxPages')} />
      <Field label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="docs, api" error={err('tags')} hint="Comma-separated." />
      <Field label="Include patterns" value={include} onChange={(e) => setInclude(e.target.value)} placeholder="/docs/.*" error={err('includePatterns')} hint="Regular expressions, comma-separated." />
      <Field label="Exclude patterns" value={exclude} onChange={(e) => setExclude(e.target.value)} error={err('excludePatterns')} />
      <div className="flex items-end">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add source'}
        </Button>
      </div>
      <div className="sm:col-span-2">
        <ProblemAlert error={create.error} />
      </div>
    </form>
  );
}
