import { describe, expect, it } from 'vitest';
import { readErrorLog } from './error-log';
import { routesFromPlanoConfig } from './gateway-routes';

describe('the generated config, read back as routes', () => {
  it("lists each model with its upstream, its key's $ENV reference and the default", () => {
    const yaml = `version: v0.4.0
listeners:
  - type: model
    name: llm
    port: 12000
model_providers:
  - model: openai/gpt-4o-mini
    access_key: $OPENAI_API_KEY
    default: true
  - model: ollama/llama3.2
    base_url: http://host.docker.internal:11434
`;
    expect(routesFromPlanoConfig(yaml)).toEqual([
      { model: 'openai/gpt-4o-mini', upstream: "Plano's own openai endpoint", accessKey: '$OPENAI_API_KEY', default: true },
      { model: 'ollama/llama3.2', upstream: 'http://host.docker.internal:11434', default: false },
    ]);
  });

  it('gives no routes for a config it cannot read', () => {
    expect(routesFromPlanoConfig('# the gateway config cannot be generated yet: no providers\n')).toEqual([]);
    expect(routesFromPlanoConfig('model_providers: [')).toEqual([]);
  });
});

describe('the error log as Settings shows it', () => {
  it('keeps errors and warnings, drops info lines and lines that are not JSON', () => {
    const entries = readErrorLog([
      '{"ts":"2026-11-26T10:00:00.000Z","level":"info","event":"settings.created","path":"/x"}',
      '{"ts":"2026-11-26T10:00:01.000Z","level":"error","event":"api.internal_error","method":"chat.send","error":"boom"}',
      'not json',
      '{"ts":"2026-11-26T10:00:02.000Z","level":"warn","event":"settings.invalid_edit"}',
    ]);
    expect(entries).toEqual([
      { at: '2026-11-26T10:00:01.000Z', level: 'error', event: 'api.internal_error', detail: '{"method":"chat.send","error":"boom"}' },
      { at: '2026-11-26T10:00:02.000Z', level: 'warn', event: 'settings.invalid_edit', detail: '' },
    ]);
  });
});
