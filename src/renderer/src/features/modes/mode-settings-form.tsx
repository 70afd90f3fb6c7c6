import { useEffect, useId, useMemo, useState } from 'react';
import type { ZodType } from 'zod';
import { planoEmbeddedSchema, planoProxySchema } from '../../../../shared/config-schema';
import type { SerializedError } from '../../../../shared/errors';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';

/**
 * The settings of one Plano mode, validated with the config file's own zod schema as the user types;
 * each message sits next to its field. Keys the form does not show (headers, env) are kept as they are.
 */

type FieldKind = 'text' | 'int' | 'port' | 'bool' | 'secret';
interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  hint?: string;
}

const PROXY_FIELDS: FieldSpec[] = [
  { key: 'base_url', label: 'Gateway URL', kind: 'text', hint: 'Where Plano listens, e.g. http://127.0.0.1:12000' },
  { key: 'api_key', label: 'API key', kind: 'secret', hint: 'Optional. The key itself or a $ENV_VAR reference' },
  { key: 'timeout', label: 'Timeout', kind: 'text', hint: 'e.g. 30s, 1m' },
  { key: 'first_byte_timeout', label: 'First-byte timeout', kind: 'text', hint: 'e.g. 15s' },
  { key: 'retry_count', label: 'Retries', kind: 'int', hint: '0–10, with exponential backoff' },
];

const EMBEDDED_FIELDS: FieldSpec[] = [
  { key: 'image', label: 'Image', kind: 'text', hint: 'Pinned Plano release, e.g. katanemo/plano:0.4.36' },
  { key: 'container_name', label: 'Container name', kind: 'text' },
  { key: 'port', label: 'Port', kind: 'port', hint: '1–65535, or auto' },
  { key: 'network', label: 'Network mode', kind: 'text', hint: 'Empty uses the engine default' },
  { key: 'docker_host', label: 'Docker host', kind: 'text', hint: 'Empty uses DOCKER_HOST or the default socket' },
  { key: 'health_interval', label: 'Health check interval', kind: 'text' },
  { key: 'start_timeout', label: 'Start timeout', kind: 'text' },
  { key: 'max_restarts', label: 'Max restarts', kind: 'int' },
  { key: 'recovery_hold', label: 'Recovery hold', kind: 'text', hint: 'How long the gateway must stay healthy before traffic moves back' },
  { key: 'fallback', label: 'Fall back to Direct when the gateway fails', kind: 'bool' },
];

type FormValues = Record<string, string | boolean>;

function toForm(section: Record<string, unknown>, specs: FieldSpec[]): FormValues {
  const out: FormValues = {};
  for (const s of specs) {
    const v = section[s.key];
    out[s.key] = s.kind === 'bool' ? Boolean(v) : v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number);
  }
  return out;
}

function fromForm(values: FormValues, specs: FieldSpec[], original: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...original };
  for (const s of specs) {
    const v = values[s.key];
    if (s.kind === 'bool') out[s.key] = Boolean(v);
    else if (typeof v === 'string') {
      const t = v.trim();
      if (t === '' && (s.kind === 'secret' || s.key === 'api_key')) delete out[s.key];
      else if (s.kind === 'int') out[s.key] = t === '' ? undefined : /^-?\d+$/.test(t) ? Number(t) : t;
      else if (s.kind === 'port') out[s.key] = t === 'auto' ? 'auto' : /^\d+$/.test(t) ? Number(t) : t;
      else out[s.key] = t;
    }
  }
  return out;
}

/** Maps zod issues to `{field: message}`, first message per field. */
export function fieldErrors(schema: ZodType, value: unknown): Record<string, string> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] ??= issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : issue.message;
  }
  return out;
}

export function ModeSettingsForm({ mode }: { mode: 'plano_proxy' | 'plano_embedded' }) {
  const { router } = useStores();
  const settings = useSlice(router, (s) => s.settings);
  const specs = mode === 'plano_proxy' ? PROXY_FIELDS : EMBEDDED_FIELDS;
  const schema = mode === 'plano_proxy' ? planoProxySchema : planoEmbeddedSchema;
  const original = useMemo(() => (settings?.config.routing[mode] ?? {}) as Record<string, unknown>, [settings, mode]);
  const [values, setValues] = useState<FormValues>(() => toForm(original, specs));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [serverError, setServerError] = useState<SerializedError | undefined>();
  /** Edited since the form last showed the saved settings: a re-read of the settings must not overwrite it. */
  const [edited, setEdited] = useState(false);
  const id = useId();

  useEffect(() => {
    if (!edited) setValues(toForm(original, specs));
  }, [original, specs, edited]);

  const candidate = fromForm(values, specs, original);
  const errors = fieldErrors(schema, candidate);
  const serverField = typeof serverError?.details?.path === 'string' ? serverError.details.path.split('.').at(-1) : undefined;
  if (serverError && serverField && !errors[serverField]) errors[serverField] = serverError.message;
  const valid = Object.keys(errors).length === 0;

  const edit = (key: string, value: string | boolean): void => {
    setEdited(true);
    setSaved(false);
    setServerError(undefined);
    setValues({ ...values, [key]: value });
  };

  const onSubmit = async (e: React.SubmitEvent): Promise<void> => {
    e.preventDefault();
    if (!valid) return;
    setSaving(true);
    setSaved(false);
    const error = await router.getState().saveModeSettings(mode, candidate);
    setSaving(false);
    setServerError(error);
    setSaved(!error);
    if (!error) setEdited(false);
  };

  return (
    <form className="mode-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid={`mode-form-${mode}`} aria-label={`${mode === 'plano_proxy' ? 'Plano proxy' : 'Plano embedded'} settings`}>
      <div className="form-grid">
        {specs.map((s) => {
          const fid = `${id}-${s.key}`;
          const v = values[s.key];
          if (s.kind === 'bool') {
            return (
              <div className="field field-check" key={s.key}>
                <label>
                  <input type="checkbox" checked={Boolean(v)} onChange={(e) => edit(s.key, e.target.checked)} data-testid={`field-${s.key}`} /> {s.label}
                </label>
              </div>
            );
          }
          return (
            <Field key={s.key} id={fid} label={s.label} error={errors[s.key]} hint={s.hint}>
              <input
                id={fid}
                className="input"
                type={s.kind === 'secret' ? 'password' : 'text'}
                autoComplete="off"
                value={String(v ?? '')}
                onChange={(e) => edit(s.key, e.target.value)}
                aria-invalid={!!errors[s.key]}
                aria-describedby={`${fid}-msg`}
                data-testid={`field-${s.key}`}
              />
            </Field>
          );
        })}
      </div>
      {serverError && !serverField && <ErrorBox error={serverError} title="Not saved" />}
      <div className="row gap-s">
        <button type="submit" className="btn btn-primary" disabled={!valid || saving} data-testid={`save-${mode}`}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {saved && (
          <span className="ok small" role="status">
            Saved to {settings?.path ?? 'the config file'}
          </span>
        )}
        {!valid && <span className="small muted">Fix the marked fields to save.</span>}
      </div>
    </form>
  );
}
