import './lib/zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { SwitchyardBridge } from '../../shared/api';
import { App, type PageId } from './app/app';
import { connectBridge } from './bridge';
import { createAppStores } from './stores/app-stores';
import './styles/app.css';

/**
 * The fake bridge is compiled in only when VITE_SWITCHYARD_FAKE=1 (bench and screenshot builds) and used
 * only with `?fake` in the URL; production builds drop the branch entirely.
 */
async function getBridge(): Promise<{ bridge: SwitchyardBridge; page?: PageId }> {
  const query = new URLSearchParams(location.search);
  if (import.meta.env.VITE_SWITCHYARD_FAKE === '1' && query.has('fake')) {
    const { createDemoBridge } = await import('./demo/demo');
    const page = query.get('page') as PageId | null;
    return { bridge: createDemoBridge(query), ...(page ? { page } : {}) };
  }
  return { bridge: await connectBridge() };
}

const root = createRoot(document.getElementById('root')!);

getBridge().then(
  ({ bridge, page }) => {
    root.render(
      <StrictMode>
        <App stores={createAppStores(bridge)} {...(page ? { initialPage: page } : {})} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <div className="fatal" role="alert">
        <h1>Switchyard could not connect</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
        <p>In browser mode, open the exact link that <code>switchyard serve</code> printed (it carries the session token).</p>
        <button type="button" className="btn btn-primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>,
    );
  },
);
