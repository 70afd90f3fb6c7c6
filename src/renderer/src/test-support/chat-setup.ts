import { FakeBridge } from '../demo/fake-bridge';
import { createChatStore } from '../stores/chat-store';
import { createParamsStore } from '../stores/params-store';

/** A chat store and its parameters on a fresh fake bridge (quick replies unless the bridge says otherwise). */
export function setupChat(bridge = new FakeBridge({ tokenIntervalMs: 1, firstTokenDelayMs: 1 })) {
  const params = createParamsStore(undefined);
  const chat = createChatStore(bridge, params);
  return { bridge, params, chat };
}

/** Polls until `pred` holds (stream parts arrive on timers, as over a real transport). */
export async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
