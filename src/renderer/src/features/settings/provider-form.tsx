import { useId, useState } from 'react';
import type { ProviderCheck, ProviderDraft } from '../../../../shared/api';
import { providerSchema, type ProviderFileEntry } from '../../../../shared/config-schema';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { fieldErrors } from '../modes/mode-settings-form';
import { Field } from '../../components/field';
import { CheckResult } from './check-result';
import { emptyDraft, entryFromDraft, envNameFor, TEMPLATES, type Draft } from './provider-draft';
import { saveProvider } from './provider-actions';

const NAME_RE = /^[a-zA-Z0-9_-]+$/;

/**
 * Adds a provider, or edits one (`editing`). Test asks the provider's models endpoint with what the form
 * holds; Fetch models lists them to pick from instead of typing ids. The key goes to the OS keychain
 * (Electron) or is an environment variable reference (browser mode); it is never shown again.
 */
export function ProviderForm({ editing, onDone }: { editing?: { name: string; entry: ProviderFileEntry }; onDone?: (message: string) => void }) {
  const { bridge, router } = useStores();
  const browser = bridge.transport === 'browser';
  const existing = (useSlice(router, (s) => s.state?.providers) ?? []).map((p) => p.name);
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing.name, editing.entry) : emptyDraft(TEMPLATES.find((t) => !existing.includes(t.draft.name))?.draft)));
  const [touched, setTouched] = useState<Set<keyof Draft>>(new Set());
  const [error, setError] = useState<SerializedError | undefined>();
  const [busy, setBusy] = useState<'save' | 'test' | 'models' | undefined>();
  const [check, setCheck] = useState<ProviderCheck | undefined>();
  const [fetched, setFetched] = useState<string[] | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const id = useId();
  const envName = envNameFor(draft.name || 'provider');

  const entry = entryFromDraft(draft, browser);
  const errors = fieldErrors(providerSchema, entry);
  if (!NAME_RE.test(draft.name)) errors.name = draft.name ? 'Use letters, digits, - and _ only' : 'Give the provider a name';
  else if (!editing && existing.includes(draft.name)) errors.name = `A provider named ${draft.name} exists already; pick another name or edit it in the table`;
  if (browser && draft.key.trim() && !draft.key.trim().startsWith('$')) errors.key = `In browser mode, give an environment variable reference such as $${envName}`;
  const valid = Object.keys(errors).length === 0;
  const shownError = (k: keyof Draft): string | undefined => (touched.has(k) ? errors[k] : undefined);

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setDone(undefined);
    setTouched(new Set(touched).add(k));
    setDraft({ ...draft, [k]: e.target.value });
  };

  const target = (): { name?: string; draft: ProviderDraft } => {
    const d: ProviderDraft = { type: draft.type };
    if (draft.base_url.trim()) d.base_url = draft.base_url.trim();
    if (draft.key.trim()) d.api_key = draft.key.trim();
    return editing ? { name: editing.name, draft: d } : { draft: d };
  };

  const probe = async (kind: 'test' | 'models'): Promise<void> => {
    setBusy(kind);
    setError(undefined);
    try {
      const result = await bridge.providers.test(target());
      setCheck(result);
      if (kind === 'models' && result.ok) setFetched(result.models);
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (): Promise<void> => {
    setBusy('save');
    setError(undefined);
    try {
      await saveProvider(bridge, draft.name, entry, editing?.entry, !browser && draft.key.trim() ? draft.key.trim() : undefined);
      await router.getState().load();
      const message = editing ? `Saved ${draft.name}.` : `Added ${draft.name}.`;
      setDone(message);
      onDone?.(message);
      if (!editing) {
        // Ready for the next one: nothing of the provider just added is left in the form.
        setDraft(emptyDraft());
        setTouched(new Set());
        setCheck(undefined);
        setFetched(undefined);
      }
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const models = [...new Set([...draft.models, ...(fetched ?? [])])];
  const toggleModel = (m: string): void => setDraft({ ...draft, models: draft.models.includes(m) ? draft.models.filter((x) => x !== m) : [...draft.models, m] });

  return (
    <form
      className="provider-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(new Set(['name', 'base_url', 'default_model', 'key']));
        if (valid) void save();
      }}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : 'Add a provider'}
      data-testid={editing ? 'edit-provider-form' : 'add-provider-form'}
    >
      {!editing && (
        <div className="row gap-s wrap" role="group" aria-label="Start from">
          {TEMPLATES.map((t) => (
            <button
              key={t.label}
              type="button"
              className={`btn btn-small ${draft.name === t.draft.name && draft.base_url === t.draft.base_url ? 'selected' : 'btn-ghost'}`}
              onClick={() => {
                setDraft(emptyDraft(t.draft));
                setTouched(new Set(['name']));
                setCheck(undefined);
                setFetched(undefined);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      <div className="form-grid">
        <Field id={`${id}-name`} label="Name" error={shownError('name')}>
          <input id={`${id}-name`} className="input" value={draft.name} onChange={set('name')} readOnly={editing !== undefined} aria-invalid={!!shownError('name')} data-testid="provider-name" />
        </Field>
        <Field id={`${id}-type`} label="Wire protocol">
          <select id={`${id}-type`} className="input" value={draft.type} onChange={set('type')} data-testid="provider-type">
            <option value="openai">OpenAI-compatible (chat completions)</option>
            <option value="anthropic">Anthropic (messages)</option>
          </select>
        </Field>
        <Field id={`${id}-url`} label="Base URL" error={shownError('base_url')} hint={draft.type === 'openai' ? 'Usually ends in /v1' : 'The host root'}>
          <input id={`${id}-url`} className="input" value={draft.base_url} onChange={set('base_url')} aria-invalid={!!shownError('base_url')} data-testid="provider-url" />
        </Field>
        <Field
          id={`${id}-key`}
          label={browser ? 'API key (environment variable)' : 'API key'}
          error={shownError('key')}
          hint={
            browser
              ? `Browser mode reads keys from the environment: export ${envName}=… before starting switchyard serve, then enter $${envName}`
              : editing
                ? 'Leave empty to keep the stored key. Stored encrypted by the OS keychain; never shown again.'
                : 'Stored encrypted by the OS keychain; never shown again. Leave empty for local servers.'
          }
        >
          <input id={`${id}-key`} className="input" type={browser ? 'text' : 'password'} autoComplete="off" value={draft.key} onChange={set('key')} placeholder={browser ? `$${envName}` : 'sk-…'} data-testid="provider-key" />
        </Field>
        <Field id={`${id}-model`} label="Default model" error={shownError('default_model')} hint={models.length > 0 ? 'Pick from the list or type an id' : 'Type an id, or fetch the list from the provider'}>
          <input id={`${id}-model`} className="input" list={`${id}-models`} value={draft.default_model} onChange={set('default_model')} data-testid="provider-model" />
          <datalist id={`${id}-models`}>
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
      </div>
      <div className="row gap-s wrap">
        <button type="button" className="btn btn-small" disabled={busy !== undefined} onClick={() => void probe('test')} data-testid="provider-test">
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="btn btn-small" disabled={busy !== undefined} onClick={() => void probe('models')} data-testid="provider-fetch-models">
          {busy === 'models' ? 'Fetching…' : 'Fetch models'}
        </button>
        {check && <CheckResult check={check} />}
      </div>
      {models.length > 0 && (
        <fieldset className="model-picks" data-testid="provider-models">
          <legend>Models offered in the pickers</legend>
          {models.map((m) => (
            <label key={m} className="check small">
              <input type="checkbox" checked={draft.models.includes(m) || m === draft.default_model.trim()} disabled={m === draft.default_model.trim()} onChange={() => toggleModel(m)} /> {m}
            </label>
          ))}
        </fieldset>
      )}
      {error && <ErrorBox error={error} title={editing ? 'Provider not saved' : 'Provider not added'} />}
      <div className="row gap-s">
        <button type="submit" className="btn btn-primary" disabled={(!valid && touched.size > 0) || busy === 'save'} data-testid="provider-save">
          {busy === 'save' ? 'Saving…' : editing ? 'Save changes' : 'Add provider'}
        </button>
        {done && (
          <span className="ok small" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}

function draftOf(name: string, entry: ProviderFileEntry): Draft {
  const key = entry.api_key ?? '';
  return {
    name,
    type: entry.type,
    base_url: entry.base_url ?? '',
    default_model: entry.default_model ?? '',
    // A `$ENV` reference is not a secret and stays editable; a stored or literal key is never shown.
    key: key.startsWith('$') ? key : '',
    models: [...entry.models],
  };
}
