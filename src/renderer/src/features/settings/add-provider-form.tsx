import { useId, useState } from 'react';
import { providerSchema } from '../../../../shared/config-schema';
import { serializeError, type SerializedError } from '../../../../shared/errors';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { fieldErrors } from '../modes/mode-settings-form';
import { Field } from '../playground/params-panel';

interface Draft {
  name: string;
  type: 'openai' | 'anthropic';
  base_url: string;
  default_model: string;
  key: string;
}

const TEMPLATES: { label: string; draft: Draft }[] = [
  { label: 'OpenAI', draft: { name: 'openai', type: 'openai', base_url: 'https://api.openai.com/v1', default_model: 'gpt-4o-mini', key: '' } },
  { label: 'Anthropic', draft: { name: 'anthropic', type: 'anthropic', base_url: 'https://api.anthropic.com', default_model: 'claude-sonnet-4-5', key: '' } },
  { label: 'Ollama (local)', draft: { name: 'ollama', type: 'openai', base_url: 'http://127.0.0.1:11434/v1', default_model: 'llama3.2', key: '' } },
];

const NAME_RE = /^[a-zA-Z0-9_-]+$/;

/** Adds a provider to the config file; the key goes to the OS keychain (Electron) or an env var (browser mode). */
export function AddProviderForm({ onAdded }: { onAdded?: () => void }) {
  const { bridge, router } = useStores();
  const [draft, setDraft] = useState<Draft>(TEMPLATES[0]!.draft);
  const [error, setError] = useState<SerializedError | undefined>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const id = useId();
  const browser = bridge.transport === 'browser';
  const envName = `${draft.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;

  const entry = {
    type: draft.type,
    ...(draft.base_url.trim() ? { base_url: draft.base_url.trim() } : {}),
    ...(draft.default_model.trim() ? { default_model: draft.default_model.trim(), models: [draft.default_model.trim()] } : {}),
    ...(browser && draft.key.trim() ? { api_key: draft.key.trim() } : {}),
  };
  const existing = (useSlice(router, (s) => s.state?.providers) ?? []).map((p) => p.name);
  const errors = fieldErrors(providerSchema, entry);
  if (!NAME_RE.test(draft.name)) errors.name = 'Use letters, digits, - and _ only';
  else if (existing.includes(draft.name)) errors.name = `A provider named ${draft.name} exists already; pick another name`;
  if (browser && draft.key.trim() && !draft.key.trim().startsWith('$')) errors.key = `In browser mode, give an environment variable reference such as $${envName}`;
  const valid = Object.keys(errors).length === 0;

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(undefined);
    try {
      const view = await bridge.settings.get();
      const config = { ...view.config, providers: { ...view.config.providers, [draft.name]: entry } };
      await bridge.settings.save({ config });
      if (!browser && draft.key.trim()) await bridge.secrets.set({ name: draft.name, value: draft.key.trim() });
      await router.getState().load();
      setDone(`Added ${draft.name}.`);
      setDraft({ ...draft, key: '' });
      onAdded?.();
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setSaving(false);
    }
  };

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setDone(undefined);
    setDraft({ ...draft, [k]: e.target.value });
  };

  return (
    <form
      className="add-provider"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void save();
      }}
      noValidate
      aria-label="Add a provider"
      data-testid="add-provider-form"
    >
      <div className="row gap-s wrap" role="group" aria-label="Start from">
        {TEMPLATES.map((t) => (
          <button key={t.label} type="button" className={`btn btn-small ${draft.name === t.draft.name ? 'selected' : 'btn-ghost'}`} onClick={() => setDraft(t.draft)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="form-grid">
        <Field id={`${id}-name`} label="Name" error={errors.name}>
          <input id={`${id}-name`} className="input" value={draft.name} onChange={set('name')} aria-invalid={!!errors.name} data-testid="provider-name" />
        </Field>
        <Field id={`${id}-type`} label="Wire protocol">
          <select id={`${id}-type`} className="input" value={draft.type} onChange={set('type')}>
            <option value="openai">OpenAI-compatible (chat completions)</option>
            <option value="anthropic">Anthropic (messages)</option>
          </select>
        </Field>
        <Field id={`${id}-url`} label="Base URL" error={errors.base_url} hint={draft.type === 'openai' ? 'Usually ends in /v1' : 'The host root'}>
          <input id={`${id}-url`} className="input" value={draft.base_url} onChange={set('base_url')} aria-invalid={!!errors.base_url} data-testid="provider-url" />
        </Field>
        <Field id={`${id}-model`} label="Default model" error={errors.default_model}>
          <input id={`${id}-model`} className="input" value={draft.default_model} onChange={set('default_model')} />
        </Field>
        <Field
          id={`${id}-key`}
          label={browser ? 'API key (environment variable)' : 'API key'}
          error={errors.key}
          hint={browser ? `Browser mode reads keys from the environment: export ${envName}=… before starting switchyard serve, then enter $${envName}` : 'Stored encrypted by the OS keychain; never shown again. Leave empty for local servers.'}
        >
          <input id={`${id}-key`} className="input" type={browser ? 'text' : 'password'} autoComplete="off" value={draft.key} onChange={set('key')} placeholder={browser ? `$${envName}` : 'sk-…'} data-testid="provider-key" />
        </Field>
      </div>
      {error && <ErrorBox error={error} title="Provider not added" />}
      <div className="row gap-s">
        <button type="submit" className="btn btn-primary" disabled={!valid || saving} data-testid="provider-save">
          {saving ? 'Saving…' : 'Add provider'}
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
