import { Fragment, useState } from 'react';
import type { ProviderCheck, ProviderSummary, SecretsView } from '../../../../shared/api';
import type { ConfigFile } from '../../../../shared/config-schema';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useStores } from '../../app/stores-context';
import { formatTime } from '../../lib/format';
import { CheckResult } from './check-result';
import { KeyCell } from './key-cell';
import { deleteProvider } from './provider-actions';
import { ProviderForm } from './provider-form';

/** The configured providers: key status, and per row Test, Edit (the form opens under the row) and Delete. */
export function ProviderTable({ providers, config, secrets, onSecrets, onError }: { providers: ProviderSummary[]; config: ConfigFile | undefined; secrets: SecretsView | undefined; onSecrets(view: SecretsView): void; onError(e: SerializedError): void }) {
  const { bridge, router } = useStores();
  const [editing, setEditing] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<string | undefined>();
  const [checks, setChecks] = useState<Record<string, ProviderCheck | 'testing'>>({});

  const test = async (name: string): Promise<void> => {
    setChecks((c) => ({ ...c, [name]: 'testing' }));
    try {
      const check = await bridge.providers.test({ name });
      setChecks((c) => ({ ...c, [name]: check }));
    } catch (e) {
      setChecks(({ [name]: _gone, ...rest }) => rest);
      onError(serializeError(e));
    }
  };

  const remove = async (name: string): Promise<void> => {
    setConfirm(undefined);
    try {
      await deleteProvider(bridge, name);
      await router.getState().load();
      onSecrets(await bridge.secrets.status());
    } catch (e) {
      onError(serializeError(e));
    }
  };

  return (
    <div className="table-scroll">
      <table className="table provider-table" data-testid="provider-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Protocol</th>
            <th scope="col">Base URL</th>
            <th scope="col">Models</th>
            <th scope="col">Key</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => {
            const check = checks[p.name];
            const entry = config?.providers[p.name];
            return (
              <Fragment key={p.name}>
                <tr data-provider={p.name}>
                  <td>
                    {p.name}
                    {p.cooldown && (
                      <span className="chip chip-warn" title={`Failed ${p.cooldown.failures} requests in a row: skipped until ${new Date(p.cooldown.until).toLocaleString()}, then one request probes it`} data-testid={`provider-cooldown-${p.name}`}>
                        cooling down until {formatTime(p.cooldown.until)}
                      </span>
                    )}
                  </td>
                  <td>{p.type}</td>
                  <td className="mono wrap-anywhere">{p.baseUrl}</td>
                  <td>{p.models.join(', ') || p.defaultModel || '—'}</td>
                  <td>
                    <KeyCell provider={p} secrets={secrets} onChange={onSecrets} onError={onError} />
                  </td>
                  <td>
                    {confirm === p.name ? (
                      <span className="row gap-s" role="group" aria-label={`Delete ${p.name}?`}>
                        <button type="button" className="btn btn-danger btn-small" autoFocus onClick={() => void remove(p.name)} data-testid={`provider-delete-confirm-${p.name}`}>
                          Delete
                        </button>
                        <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirm(undefined)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <span className="row gap-s">
                        <button type="button" className="btn btn-small" disabled={check === 'testing'} onClick={() => void test(p.name)} aria-label={`Test ${p.name}`} data-testid={`provider-test-${p.name}`}>
                          {check === 'testing' ? 'Testing…' : 'Test'}
                        </button>
                        <button type="button" className="btn btn-ghost btn-small" aria-expanded={editing === p.name} onClick={() => setEditing(editing === p.name ? undefined : p.name)} aria-label={`Edit ${p.name}`} data-testid={`provider-edit-${p.name}`}>
                          Edit
                        </button>
                        <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirm(p.name)} aria-label={`Delete ${p.name}`} data-testid={`provider-delete-${p.name}`}>
                          Delete
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
                {check && check !== 'testing' && (
                  <tr className="subrow">
                    <td colSpan={6}>
                      <CheckResult check={check} />
                    </td>
                  </tr>
                )}
                {editing === p.name && entry && (
                  <tr className="subrow">
                    <td colSpan={6}>
                      <ProviderForm
                        editing={{ name: p.name, entry }}
                        onDone={() => {
                          setEditing(undefined);
                          // The key may now come from elsewhere (another variable, a new stored key).
                          bridge.secrets.status().then(onSecrets, (e: unknown) => onError(serializeError(e)));
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
