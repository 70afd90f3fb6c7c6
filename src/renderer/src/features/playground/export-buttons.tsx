import { useState } from 'react';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';

/** Saves the conversation as Markdown or JSON (built by the API, downloaded from a blob: no network). */
export function ExportButtons({ conversationId }: { conversationId: string }) {
  const { bridge } = useStores();
  const [error, setError] = useState<SerializedError | undefined>();
  const download = async (format: 'markdown' | 'json'): Promise<void> => {
    try {
      const file = await bridge.history.export({ id: conversationId, format });
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setError(undefined);
    } catch (e) {
      setError(serializeError(e));
    }
  };
  return (
    <>
      <div className="row" role="group" aria-label="Export conversation">
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void download('markdown')} data-testid="export-markdown">
          Export .md
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void download('json')} data-testid="export-json">
          .json
        </button>
      </div>
      {error && (
        <div className="export-error">
          <ErrorBox error={error} onDismiss={() => setError(undefined)} />
        </div>
      )}
    </>
  );
}
