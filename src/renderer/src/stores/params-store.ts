import { createStore } from 'zustand/vanilla';
import type { ChatSettings } from '../../../shared/api';
import { checkToolFields, toolFieldsOf, type ToolFields } from './tool-params';

/**
 * Chat parameters as the user edits them (text fields keep exactly what was typed), their validation,
 * and named presets saved in localStorage (presets are a UI convenience, not part of the config file).
 */

export interface ParamsFields extends ToolFields {
  provider: string;
  model: string;
  system: string;
  temperature: string;
  maxTokens: string;
  additionalParams: string;
}

export type ParamsErrors = Partial<Record<keyof ParamsFields, string>>;

export interface Preset {
  name: string;
  fields: ParamsFields;
}

export interface ParamsStoreState {
  fields: ParamsFields;
  errors: ParamsErrors;
  presets: Preset[];
  setField<K extends keyof ParamsFields>(key: K, value: ParamsFields[K]): void;
  /** The settings to send, or undefined when a field is invalid (the errors say which). */
  toChatSettings(): ChatSettings | undefined;
  applySettings(settings: ChatSettings): void;
  savePreset(name: string): void;
  applyPreset(name: string): void;
  deletePreset(name: string): void;
}

export const EMPTY_FIELDS: ParamsFields = {
  provider: '',
  model: '',
  system: '',
  temperature: '',
  maxTokens: '',
  additionalParams: '',
  tools: '',
  toolChoice: '',
  jsonOutput: false,
  jsonSchema: '',
};
const PRESETS_KEY = 'switchyard.presets.v1';

export function validateFields(f: ParamsFields): ParamsErrors {
  const errors: ParamsErrors = { ...checkToolFields(f).errors };
  if (f.temperature.trim() !== '') {
    const t = Number(f.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) errors.temperature = 'Temperature must be a number from 0 to 2';
  }
  if (f.maxTokens.trim() !== '') {
    const n = Number(f.maxTokens);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) errors.maxTokens = 'Max tokens must be a whole number from 1 to 1,000,000';
  }
  if (f.additionalParams.trim() !== '') {
    try {
      const v: unknown = JSON.parse(f.additionalParams);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) errors.additionalParams = 'Additional parameters must be a JSON object, e.g. {"top_p": 0.9}';
    } catch (error) {
      errors.additionalParams = `Invalid JSON: ${(error as Error).message}`;
    }
  }
  return errors;
}

function loadPresets(storage: Storage | undefined): Preset[] {
  try {
    const raw = storage?.getItem(PRESETS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((p): p is Preset => typeof p?.name === 'string' && typeof p?.fields === 'object').map((p) => ({ name: p.name, fields: { ...EMPTY_FIELDS, ...p.fields } }));
  } catch {
    return [];
  }
}

export function createParamsStore(storage: Storage | undefined = globalThis.localStorage) {
  const persist = (presets: Preset[]): void => {
    try {
      storage?.setItem(PRESETS_KEY, JSON.stringify(presets));
    } catch {
      // Storage full or disabled: presets stay for this session only.
    }
  };
  return createStore<ParamsStoreState>()((set, get) => ({
    fields: { ...EMPTY_FIELDS },
    errors: {},
    presets: loadPresets(storage),
    setField(key, value) {
      const fields = { ...get().fields, [key]: value };
      set({ fields, errors: validateFields(fields) });
    },
    toChatSettings() {
      const f = get().fields;
      const errors = validateFields(f);
      set({ errors });
      if (Object.keys(errors).length > 0) return undefined;
      const out: ChatSettings = {};
      if (f.provider) out.provider = f.provider;
      if (f.model.trim()) out.model = f.model.trim();
      if (f.system.trim()) out.system = f.system;
      if (f.temperature.trim()) out.temperature = Number(f.temperature);
      if (f.maxTokens.trim()) out.maxTokens = Number(f.maxTokens);
      if (f.additionalParams.trim()) out.additionalParams = JSON.parse(f.additionalParams) as Record<string, unknown>;
      return { ...out, ...checkToolFields(f).settings };
    },
    applySettings(s) {
      const fields: ParamsFields = {
        provider: s.provider ?? '',
        model: s.model ?? '',
        system: s.system ?? '',
        temperature: s.temperature === undefined ? '' : String(s.temperature),
        maxTokens: s.maxTokens === undefined ? '' : String(s.maxTokens),
        additionalParams: s.additionalParams ? JSON.stringify(s.additionalParams, null, 2) : '',
        ...toolFieldsOf(s),
      };
      set({ fields, errors: validateFields(fields) });
    },
    savePreset(name) {
      const trimmed = name.trim();
      if (!trimmed) return;
      const presets = [...get().presets.filter((p) => p.name !== trimmed), { name: trimmed, fields: { ...get().fields } }].sort((a, b) => a.name.localeCompare(b.name));
      persist(presets);
      set({ presets });
    },
    applyPreset(name) {
      const preset = get().presets.find((p) => p.name === name);
      if (preset) set({ fields: { ...preset.fields }, errors: validateFields(preset.fields) });
    },
    deletePreset(name) {
      const presets = get().presets.filter((p) => p.name !== name);
      persist(presets);
      set({ presets });
    },
  }));
}

export type ParamsStore = ReturnType<typeof createParamsStore>;
