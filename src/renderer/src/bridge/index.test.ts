// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SwitchyardBridge } from '../../../shared/api';
import { encodeErrorForContextBridge } from '../../../client/context-bridge';
import { SwitchyardError } from '../../../shared/errors';

describe('connectBridge', () => {
  afterEach(() => {
    delete window.switchyard;
    window.sessionStorage.clear();
    vi.resetModules();
  });

  it('uses window.switchyard under Electron and restores error codes that contextBridge stripped', async () => {
    const raw = {
      history: {
        get: async () => {
          // what the page receives through contextBridge: an Error carrying only the message
          throw new Error(encodeErrorForContextBridge(new SwitchyardError('NOT_FOUND', 'conversation x not found')).message);
        },
      },
      streamChat: () => ({ done: Promise.resolve(), cancel: () => undefined }),
      on: () => () => undefined,
      transport: 'electron',
    };
    window.switchyard = raw as unknown as SwitchyardBridge;
    const { connectBridge } = await import('./index');
    const bridge = await connectBridge();
    expect(bridge.transport).toBe('electron');
    const error = await bridge.history.get({ id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'conversation x not found' });
  });

  it('in a browser moves the token from the URL into sessionStorage and out of the address bar', async () => {
    window.history.replaceState(null, '', '/chat?token=abc123&x=1#top');
    const { connectBridge } = await import('./index');
    const bridge = await connectBridge();
    expect(bridge.transport).toBe('browser');
    expect(window.sessionStorage.getItem('switchyard.token')).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#top');
  });

  it('after a reload the token comes from sessionStorage; without any token it says how to get one', async () => {
    window.history.replaceState(null, '', '/');
    window.sessionStorage.setItem('switchyard.token', 'kept');
    const first = await import('./index');
    await expect(first.connectBridge()).resolves.toMatchObject({ transport: 'browser' });
    vi.resetModules();
    window.sessionStorage.clear();
    const second = await import('./index');
    await expect(second.connectBridge()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
