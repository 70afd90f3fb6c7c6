import { useSlice, useStores } from '../../app/stores-context';
import { TOOL_CHOICE_PREFIX, toolNames } from '../../stores/tool-params';
import { Field } from '../../components/field';

const TOOLS_EXAMPLE = `[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]`;

/**
 * Tools the model may call (OpenAI function-tool JSON), which one it must call, and JSON output. Checked as
 * typed; the model's calls show in the reply, where the user types each result.
 */
export function ToolsFields({ id }: { id: string }) {
  const { params } = useStores();
  const fields = useSlice(params, (s) => s.fields);
  const errors = useSlice(params, (s) => s.errors);
  const names = toolNames(fields.tools);
  const setField = params.getState().setField;

  return (
    <fieldset className="presets tool-fields">
      <legend>Tools and JSON output</legend>
      <Field id={`${id}-tools`} label="Tools (JSON)" error={errors.tools} hint="A JSON array of OpenAI function tools; the model's calls show in its reply, where you type each result">
        <textarea
          id={`${id}-tools`}
          className="input mono"
          rows={4}
          value={fields.tools}
          onChange={(e) => setField('tools', e.target.value)}
          placeholder={TOOLS_EXAMPLE}
          spellCheck={false}
          aria-invalid={!!errors.tools}
          aria-describedby={`${id}-tools-msg`}
          data-testid="param-tools"
        />
      </Field>
      <Field id={`${id}-tool-choice`} label="Tool choice" error={errors.toolChoice}>
        <select
          id={`${id}-tool-choice`}
          className="input"
          value={fields.toolChoice}
          onChange={(e) => setField('toolChoice', e.target.value)}
          aria-invalid={!!errors.toolChoice}
          aria-describedby={`${id}-tool-choice-msg`}
          data-testid="param-tool-choice"
        >
          <option value="">Default (the model decides)</option>
          <option value="auto">auto</option>
          <option value="none">none: no tool calls</option>
          <option value="required">required: some tool</option>
          {names.map((name) => (
            <option key={name} value={`${TOOL_CHOICE_PREFIX}${name}`}>
              {name}
            </option>
          ))}
          {/* A choice kept from a conversation whose tool is no longer defined stays visible, with its error. */}
          {fields.toolChoice.startsWith(TOOL_CHOICE_PREFIX) && !names.includes(fields.toolChoice.slice(TOOL_CHOICE_PREFIX.length)) && (
            <option value={fields.toolChoice}>{fields.toolChoice.slice(TOOL_CHOICE_PREFIX.length)}</option>
          )}
        </select>
      </Field>
      <div className="field field-check">
        <label>
          <input type="checkbox" checked={fields.jsonOutput} onChange={(e) => setField('jsonOutput', e.target.checked)} data-testid="param-json-output" />
          JSON output
        </label>
      </div>
      {fields.jsonOutput && (
        <Field id={`${id}-json-schema`} label="JSON schema (optional)" error={errors.jsonSchema} hint="Empty: any JSON object (OpenAI wants the word JSON in the prompt). A schema: replies follow it">
          <textarea
            id={`${id}-json-schema`}
            className="input mono"
            rows={3}
            value={fields.jsonSchema}
            onChange={(e) => setField('jsonSchema', e.target.value)}
            placeholder='{"type": "object", "properties": {"answer": {"type": "string"}}}'
            spellCheck={false}
            aria-invalid={!!errors.jsonSchema}
            aria-describedby={`${id}-json-schema-msg`}
            data-testid="param-json-schema"
          />
        </Field>
      )}
    </fieldset>
  );
}
