import { useId, useState } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import type { ParamsFields } from '../../stores/params-store';
import { Field } from '../../components/field';
import { ToolsFields } from './tools-fields';

type TextField = { [K in keyof ParamsFields]: ParamsFields[K] extends string ? K : never }[keyof ParamsFields];

/** System prompt, provider/model, sampling parameters, tools and JSON output, presets. Errors sit next to their field. */
export function ParamsPanel() {
  const { params, router } = useStores();
  const fields = useSlice(params, (s) => s.fields);
  const errors = useSlice(params, (s) => s.errors);
  const presets = useSlice(params, (s) => s.presets);
  const providers = useSlice(router, (s) => s.state?.providers);
  const models = useSlice(router, (s) => s.models);
  const [presetName, setPresetName] = useState('');
  const set = (k: TextField) => (e: { target: { value: string } }) => params.getState().setField(k, e.target.value);
  const id = useId();
  const provider = providers?.find((p) => p.name === fields.provider) ?? providers?.[0];
  const modelOptions = models.filter((m) => !provider || m.provider === provider.name);

  return (
    <aside className="params" aria-label="Parameters">
      <h2 className="panel-title">Parameters</h2>
      <Field id={`${id}-provider`} label="Provider">
        <select id={`${id}-provider`} className="input" value={fields.provider} onChange={set('provider')} data-testid="param-provider">
          <option value="">Default{providers?.[0] ? ` (${providers[0].name})` : ''}</option>
          {providers?.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.hasKey || p.baseUrl.includes('127.0.0.1') || p.baseUrl.includes('localhost') ? '' : ' (no key)'}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-model`} label="Model" hint={provider?.defaultModel ? `Default: ${provider.defaultModel}` : undefined}>
        <input id={`${id}-model`} className="input" list={`${id}-models`} value={fields.model} onChange={set('model')} placeholder={provider?.defaultModel ?? 'model id'} data-testid="param-model" />
        <datalist id={`${id}-models`}>
          {modelOptions.map((m) => (
            // In embedded mode the label shows the name the gateway knows the model by.
            <option key={m.id} value={m.id} label={m.planoModel ? `${m.id} (Plano: ${m.planoModel})` : undefined} />
          ))}
        </datalist>
      </Field>
      <Field id={`${id}-system`} label="System prompt">
        <textarea id={`${id}-system`} className="input" rows={4} value={fields.system} onChange={set('system')} placeholder="You are a helpful assistant." data-testid="param-system" />
      </Field>
      <Field id={`${id}-temp`} label="Temperature" error={errors.temperature} hint="0–2; empty uses the provider default">
        <div className="row gap-s">
          <input type="range" min={0} max={2} step={0.05} value={fields.temperature === '' ? 1 : Number(fields.temperature) || 0} onChange={set('temperature')} aria-label="Temperature slider" className="grow" />
          <input id={`${id}-temp`} className="input input-narrow" inputMode="decimal" value={fields.temperature} onChange={set('temperature')} placeholder="auto" aria-invalid={!!errors.temperature} aria-describedby={`${id}-temp-msg`} data-testid="param-temperature" />
        </div>
      </Field>
      <Field id={`${id}-max`} label="Max tokens" error={errors.maxTokens}>
        <input id={`${id}-max`} className="input" inputMode="numeric" value={fields.maxTokens} onChange={set('maxTokens')} placeholder="auto" aria-invalid={!!errors.maxTokens} aria-describedby={`${id}-max-msg`} data-testid="param-max-tokens" />
      </Field>
      <Field id={`${id}-extra`} label="Additional parameters (JSON)" error={errors.additionalParams} hint='Passed to the provider as-is, e.g. {"top_p": 0.9, "seed": 1}'>
        <textarea id={`${id}-extra`} className="input mono" rows={3} value={fields.additionalParams} onChange={set('additionalParams')} placeholder="{}" aria-invalid={!!errors.additionalParams} aria-describedby={`${id}-extra-msg`} data-testid="param-additional" />
      </Field>
      <ToolsFields id={id} />
      <fieldset className="presets">
        <legend>Presets</legend>
        {presets.length > 0 && (
          <ul className="preset-list">
            {presets.map((p) => (
              <li key={p.name} className="row gap-s">
                <button type="button" className="btn btn-ghost btn-small grow left" onClick={() => params.getState().applyPreset(p.name)} aria-label={`Apply preset ${p.name}`}>
                  {p.name}
                </button>
                <button type="button" className="icon-btn" onClick={() => params.getState().deletePreset(p.name)} aria-label={`Delete preset ${p.name}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="row gap-s"
          onSubmit={(e) => {
            e.preventDefault();
            params.getState().savePreset(presetName);
            setPresetName('');
          }}
        >
          <label className="sr-only" htmlFor={`${id}-preset`}>
            Preset name
          </label>
          <input id={`${id}-preset`} className="input grow" value={presetName} onChange={(e) => setPresetName(e.target.value)} placeholder="Preset name" data-testid="preset-name" />
          <button type="submit" className="btn btn-small" disabled={!presetName.trim()} data-testid="preset-save">
            Save
          </button>
        </form>
      </fieldset>
    </aside>
  );
}
