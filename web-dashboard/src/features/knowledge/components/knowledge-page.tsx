import { useSearchParams } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { AddSourceForm } from './add-source-form';
import { CodeExamplesPanel } from './code-examples-panel';
import { SearchPanel } from './search-panel';
import { SourceList } from './source-list';
import { UploadDropzone } from './upload-dropzone';

export function KnowledgePage({ canWrite }: { canWrite: boolean }) {
  const [params] = useSearchParams();
  return (
    <div className="grid gap-4">
      <h1 className="text-xl font-semibold">Knowledge</h1>
      <Card title="Search">
        <SearchPanel initialQuery={params.get('q') ?? ''} />
      </Card>
      <Card title="Sources">
        <SourceList canWrite={canWrite} />
      </Card>
      {canWrite && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title="Add a URL source">
            <AddSourceForm />
          </Card>
          <Card title="Upload files">
            <UploadDropzone />
          </Card>
        </div>
      )}
      <Card title="Code examples">
        <CodeExamplesPanel />
      </Card>
    </div>
  );
}
