import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage';
import { createParamsStore } from './params-store';

describe('params store', () => {
  it('names the field that is wrong', () => {
    const s = createParamsStore(undefined);
    s.getState().setField('maxTokens', '1.5');
    s.getState().setField('additionalParams', '[1,2]');
    expect(s.getState().errors).toEqual({
      maxTokens: 'Max tokens must be a whole number from 1 to 1,000,000',
      additionalParams: 'Additional parameters must be a JSON object, e.g. {"top_p": 0.9}',
    });
    expect(s.getState().toChatSettings()).toBeUndefined();
    s.getState().setField('maxTokens', '100');
    s.getState().setField('additionalParams', '{"seed": 7}');
    expect(s.getState().toChatSettings()).toEqual({ maxTokens: 100, additionalParams: { seed: 7 } });
  });

  it('persists presets across store instances and ignores corrupt storage', () => {
    const storage = new MemoryStorage();
    const a = createParamsStore(storage);
    a.getState().setField('system', 'Terse.');
    a.getState().setField('temperature', '0.2');
    a.getState().savePreset('Terse');
    const b = createParamsStore(storage);
    expect(b.getState().presets.map((p) => p.name)).toEqual(['Terse']);
    b.getState().applyPreset('Terse');
    expect(b.getState().toChatSettings()).toEqual({ system: 'Terse.', temperature: 0.2 });
    storage.setItem('switchyard.presets.v1', '{oops');
    expect(createParamsStore(storage).getState().presets).toEqual([]);
  });
});
