import { contextBridge, ipcRenderer } from 'electron';
import { createElectronBridge, type ElectronBridgeOptions } from './create-electron-bridge';

/**
 * Runs sandboxed (sandbox: true), so this file and its imports are bundled into one CommonJS file
 * (out/preload/index.cjs). It exposes the API as named methods and nothing else.
 */
const bridge = createElectronBridge({
  ipcRenderer,
  // The preload runs in the renderer, where MessageChannel is the DOM one; the node typings this file is
  // checked with only know worker_threads' version, hence the cast.
  createChannel: () => new MessageChannel() as unknown as ReturnType<ElectronBridgeOptions['createChannel']>,
  encodeErrors: true,
});

contextBridge.exposeInMainWorld('switchyard', bridge);
