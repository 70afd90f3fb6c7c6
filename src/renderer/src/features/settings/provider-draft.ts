import type { ProviderFileEntry } from '../../../../shared/config-schema';

/** The provider form as the user edits it (text fields keep what was typed). */
export interface Draft {
  name: string;
  type: 'openai' | 'anthropic';
  base_url: string;
  default_model: string;
  key: string;
  /** Model ids offered in the pickers (the default model is always among them). */
  models: string[];
}

type Template = Omit<Draft, 'key' | 'models'>;

export const TEMPLATES: { label: string; draft: Template }[] = [
  { label: 'OpenAI', draft: { name: 'openai', type: 'openai', base_url: 'https://api.openai.com/v1', default_model: 'gpt-4o-mini' } },
  { label: 'Anthropic', draft: { name: 'anthropic', type: 'anthropic', base_url: 'https://api.anthropic.com', default_model: 'claude-sonnet-4-5' } },
  { label: 'Ollama (local)', draft: { name: 'ollama', type: 'openai', base_url: 'http://127.0.0.1:11434/v1', default_model: 'llama3.2' } },
];

export function emptyDraft(template?: Template): Draft {
  return { ...(template ?? { name: '', type: 'openai', base_url: '', default_model: '' }), key: '', models: [] };
}

/** `openai` → `OPENAI_API_KEY`: the variable the README and the hints suggest. */
export function envNameFor(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

/** The config file entry for the form's fields (merged into the existing entry on save). */
export function entryFromDraft(draft: Draft, browser: boolean): Partial<ProviderFileEntry> & Pick<ProviderFileEntry, 'type'> {
  const model = draft.default_model.trim();
  const models = [...new Set([...(model ? [model] : []), ...draft.models])];
  return {
    type: draft.type,
    ...(draft.base_url.trim() ? { base_url: draft.base_url.trim() } : {}),
    ...(model ? { default_model: model } : {}),
    models,
    ...(browser && draft.key.trim() ? { api_key: draft.key.trim() } : {}),
  };
}
