import { useState } from 'react';
import type { ProviderSummary, SecretsView } from '../../../../shared/api';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useStores } from '../../app/stores-context';

/**
 * A provider's key status, with set/replace and clear under Electron (safeStorage). The key is write-only:
 * only its last four characters ever come back. In browser mode keys come from the environment.
 */
export function KeyCell({ provider, secrets, onChange, onError }: { provider: ProviderSummary; secrets: SecretsView | undefined; onChange(view: SecretsView): void; onError(e: SerializedError): void }) {
  const { bridge, router } = useStores();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const secret = secrets?.secrets.find((s) => s.name === provider.name);
  const browser = bridge.transport === 'browser';

  const run = async (action: () => Promise<SecretsView>): Promise<void> => {
    try {
      onChange(await action());
      await router.getState().load();
      setEditing(false);
      setValue('');
    } catch (e) {
      onError(serializeError(e));
    }
  };

  if (editing) {
    return (
      <form
        className="row gap-s"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) void run(() => bridge.secrets.set({ name: provider.name, value: value.trim() }));
        }}
      >
        <label className="sr-only" htmlFor={`key-${provider.name}`}>
          API key for {provider.name}
        </label>
        <input id={`key-${provider.name}`} className="input" type="password" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} data-testid={`key-input-${provider.name}`} />
        <button type="submit" className="btn btn-small btn-primary" disabled={!value.trim()} data-testid={`key-save-${provider.name}`}>
          Save
        </button>
      </form>
    );
  }
  return (
    <span className="row gap-s wrap">
      {provider.hasKey ? (
        <span className="ok">
          set{secret?.last4 ? ` (…${secret.last4})` : ''}
          {secret ? ` · ${secret.source}` : ''}
        </span>
      ) : secret?.referenced && secret.envVar ? (
        <span className="bad" data-testid={`key-missing-${provider.name}`}>
          <code>${secret.envVar}</code> is not set
        </span>
      ) : (
        <span className="muted">
          none{browser && secret?.envVar ? <> (export <code>{secret.envVar}</code> to set one)</> : ''}
        </span>
      )}
      {!browser && (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(true)} aria-label={`${provider.hasKey ? 'Replace' : 'Set'} the key for ${provider.name}`} data-testid={`key-set-${provider.name}`}>
          {provider.hasKey ? 'Replace' : 'Set key'}
        </button>
      )}
      {!browser && secret?.set && secret.source === 'safeStorage' && (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => bridge.secrets.clear({ name: provider.name }))} aria-label={`Clear the key for ${provider.name}`}>
          Clear
        </button>
      )}
    </span>
  );
}
