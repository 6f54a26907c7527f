import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldError, inputClass } from '@/components/ui/field';
import { ProblemAlert } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { useSaveWorkflow } from '../api/workflows';
import type { Definition } from '../api/types';
import { TEMPLATES } from './templates';

/** Create a workflow from a template, or edit one (saved as its next version). */
export function DefinitionEditor({ editing, onDone }: { editing: Definition | null; onDone: () => void }) {
  const [name, setName] = useState('');
  const [format, setFormat] = useState<'yaml' | 'json'>('yaml');
  const [source, setSource] = useState(TEMPLATES[0].source);
  const save = useSaveWorkflow();

  useEffect(() => {
    save.reset();
    if (editing) {
      setName(editing.name);
      setFormat(editing.format);
      setSource(editing.source);
    } else {
      setName(TEMPLATES[0].name);
      setFormat('yaml');
      setSource(TEMPLATES[0].source);
    }
  }, [editing]);

  const useTemplate = (id: string) => {
    const t = TEMPLATES.find((x) => x.id === id);
    if (t) {
      setName(t.name);
      setFormat('yaml');
      setSource(t.source);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: editing?.id, name: name.trim(), format, source }, { onSuccess: onDone });
  };
  // The parser names the exact place ('phases[1].name', 'tasks[0].phase'): show it under the text.
  const problem = save.error instanceof ApiError ? save.error.problem : undefined;
  const sourceError =
    problem?.field && /^(source|phases|tasks)/.test(problem.field) ? `${problem.field}: ${problem.detail ?? problem.title}` : undefined;

  return (
    <form onSubmit={submit} className="grid gap-3" aria-label={editing ? `Edit workflow ${editing.name}` : 'Create a workflow'}>
      {!editing && (
        <label className="flex flex-col gap-1 text-sm font-medium">
          Template
          <select className={inputClass} onChange={(e) => useTemplate(e.target.value)} defaultValue={TEMPLATES[0].id}>
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>{t.label}</option>
            ))}
          </select>
        </label>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Workflow name" value={name} onChange={(e) => setName(e.target.value)} error={fieldError(save.error, 'name')} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Format
          <select className={inputClass} value={format} onChange={(e) => setFormat(e.target.value as 'yaml' | 'json')}>
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Definition
        <textarea
          className={`${inputClass} h-64 font-mono text-xs`}
          value={source}
          onChange={(e) => setSource(e.target.value)}
          aria-invalid={sourceError ? true : undefined}
          aria-describedby={sourceError ? 'definition-error' : undefined}
          spellCheck={false}
        />
      </label>
      {sourceError && (
        <p id="definition-error" className="text-xs text-red-600 dark:text-red-400">{sourceError}</p>
      )}
      <ProblemAlert error={save.error} />
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>{editing ? `Save as version ${editing.version + 1}` : 'Create workflow'}</Button>
        {editing && <Button variant="secondary" onClick={onDone}>Cancel</Button>}
      </div>
    </form>
  );
}
