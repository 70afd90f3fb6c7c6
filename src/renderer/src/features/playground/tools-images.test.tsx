// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

const TOOLS = JSON.stringify([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

describe('playground: tools and images', () => {
  it('names a tool error beside the field, offers the defined tools as choices, and answers a call by hand', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1, replies: [{ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] }] });
    const tools = screen.getByTestId('param-tools');
    fireEvent.change(tools, { target: { value: '[{"type": "function"}]' } });
    expect((await screen.findByRole('alert')).textContent).toBe('Tool 1: "function" must be an object with name, description and parameters');
    expect(tools.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(tools, { target: { value: TOOLS } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    const choices = [...(screen.getByTestId('param-tool-choice') as HTMLSelectElement).options].map((o) => o.value);
    expect(choices).toEqual(['', 'auto', 'none', 'required', 'tool:get_weather']);

    fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: 'Weather in Oslo?' } });
    fireEvent.click(screen.getByTestId('send'));
    const card = await screen.findByRole('region', { name: 'Tool call get_weather' });
    expect(card.querySelector('[data-testid="tool-call-arguments"]')?.textContent).toBe('{\n  "city": "Oslo"\n}');
    const sendResults = screen.getByTestId('send-tool-results') as HTMLButtonElement;
    expect(sendResults.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reply with result of get_weather'), { target: { value: 'rain, 12 °C' } });
    expect(sendResults.disabled).toBe(false);
    fireEvent.click(sendResults);
    await waitFor(() => expect(screen.getByTestId('message-list').textContent).toContain('The tool answered: rain, 12 °C'));
    expect(screen.getByTestId('tool-result').textContent).toBe('rain, 12 °C');
    expect(screen.queryByTestId('tool-reply')).toBeNull();
  });

  it('shows attached images as thumbnails that can be removed, then in the sent message', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    const files = [new File([PNG], 'a.png', { type: 'image/png' }), new File([PNG], 'b.png', { type: 'image/png' })];
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files } });
    await screen.findByRole('img', { name: 'b.png' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(screen.queryByRole('img', { name: 'a.png' })).toBeNull();
    fireEvent.click(screen.getByTestId('send'));
    await screen.findByRole('img', { name: 'Attached image 1' });
    expect(screen.queryByTestId('attachments')).toBeNull();
    expect(app.bridge.chatInputs[0]!.request.messages.at(-1)!.content).toEqual([{ type: 'image', url: expect.stringMatching(/^data:image\/png;base64,/) }]);
  });

  it('attaches an image pasted into the prompt, keeping the text typed', async () => {
    app = renderApp({ tokenIntervalMs: 1, firstTokenDelayMs: 1 });
    const box = screen.getByTestId('prompt-input');
    fireEvent.change(box, { target: { value: 'what is this?' } });
    fireEvent.paste(box, { clipboardData: { files: [new File([PNG], '', { type: 'image/png' })], getData: () => '' } });
    await screen.findByRole('img', { name: 'pasted-image-1' });
    expect((box as HTMLTextAreaElement).value).toBe('what is this?');
  });
});
