import { useEffect, useState } from 'react';
import { ComparePage } from '../features/compare/compare-page';
import { GatewayPage } from '../features/gateway/gateway-page';
import { ModesPage } from '../features/modes/modes-page';
import { PlaygroundPage } from '../features/playground/playground-page';
import { SettingsPage } from '../features/settings/settings-page';
import { TrafficPage } from '../features/traffic/traffic-page';
import { Drawer } from '../components/drawer';
import { Icon } from '../components/icons';
import { MODE_LABELS } from '../lib/format';
import type { AppStores } from '../stores/app-stores';
import { ConfigBanner } from './config-banner';
import { NavRail, PAGES, type PageId } from './nav-rail';
import { StoresProvider, useSlice } from './stores-context';
import { useTheme } from './theme';
import { NARROW_QUERY, useMediaQuery } from './use-media-query';

export type { PageId } from './nav-rail';

const NO_PROBLEMS: never[] = [];

/** The shell: navigation (rail, or a drawer on small windows), app-wide banners, the current page, shortcuts. */
export function App({ stores, initialPage = 'playground' }: { stores: AppStores; initialPage?: PageId }) {
  const [page, setPage] = useState<PageId>(initialPage);
  const [navOpen, setNavOpen] = useState(false);
  const [theme, setTheme] = useTheme();
  const narrow = useMediaQuery(NARROW_QUERY);
  const state = useSlice(stores.router, (s) => s.state);
  const loadError = useSlice(stores.router, (s) => s.loadError);
  const problems = useSlice(stores.router, (s) => s.state?.configProblems ?? NO_PROBLEMS);
  const phase = useSlice(stores.gateway, (s) => s.status?.phase);

  useEffect(() => {
    void stores.router.getState().load();
    void stores.gateway.getState().load();
    void stores.chat.getState().restoreLast();
  }, [stores]);

  // The desktop app's menus (File → New Chat, Open Gateway Dashboard; the tray).
  useEffect(
    () =>
      stores.bridge.on('app.command', ({ command }) => {
        setNavOpen(false);
        if (command === 'open-gateway') return setPage('gateway');
        setPage('playground');
        stores.chat.getState().newChat();
      }),
    [stores],
  );

  const navigate = (next: PageId): void => {
    setPage(next);
    setNavOpen(false);
  };

  // Ctrl/Cmd+1..6 jump between pages; Ctrl/Cmd+Shift+O starts a new chat (as in Open WebUI).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        stores.chat.getState().newChat();
        setPage('playground');
        setNavOpen(false);
        requestAnimationFrame(() => document.getElementById('prompt-input')?.focus());
        return;
      }
      const n = Number(e.key);
      if (!e.shiftKey && n >= 1 && n <= PAGES.length) {
        e.preventDefault();
        setPage(PAGES[n - 1]!.id);
        setNavOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores]);

  // With an invalid file the app runs on defaults: "no provider" would be untrue, so setup is not suggested.
  const needsSetup = state !== undefined && state.providers.length === 0 && problems.length === 0;
  const rail = (
    <NavRail page={page} onNavigate={navigate} state={state} phase={phase} browser={stores.bridge.transport === 'browser'} needsSetup={needsSetup} theme={theme} onTheme={setTheme} />
  );

  return (
    <StoresProvider stores={stores}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className={`shell ${narrow ? 'shell-narrow' : ''}`}>
        {narrow ? (
          <header className="topbar">
            <button type="button" className="icon-btn topbar-menu" aria-label="Open navigation" aria-expanded={navOpen} onClick={() => setNavOpen(true)} data-testid="nav-open">
              <Icon name="menu" />
            </button>
            <span className="topbar-title">{PAGES.find((p) => p.id === page)?.label}</span>
            {state && (
              <span className={`chip mode-${state.servedBy}`} data-testid="topbar-mode">
                {MODE_LABELS[state.servedBy]}
                {state.fallbackActive ? ' (fallback)' : ''}
              </span>
            )}
            {needsSetup && <span className="rail-dot" aria-label="setup needed" />}
          </header>
        ) : (
          rail
        )}
        {narrow && (
          <Drawer open={navOpen} onClose={() => setNavOpen(false)} side="left" label="Navigation" testId="nav-drawer">
            {rail}
          </Drawer>
        )}
        <main id="main" className="main" tabIndex={-1}>
          {loadError && page !== 'settings' && (
            <div className="banner banner-bad" role="alert">
              Could not reach Switchyard’s API: <code>{loadError.code}</code> {loadError.message}{' '}
              <button type="button" className="btn btn-small" onClick={() => void stores.router.getState().load()}>
                Retry
              </button>
            </div>
          )}
          <ConfigBanner problems={problems} {...(page === 'settings' ? {} : { onShow: () => navigate('settings') })} />
          {page === 'playground' && <PlaygroundPage onOpenSettings={() => navigate('settings')} />}
          {page === 'modes' && <ModesPage />}
          {page === 'gateway' && <GatewayPage />}
          {page === 'compare' && <ComparePage />}
          {page === 'traffic' && <TrafficPage />}
          {page === 'settings' && <SettingsPage />}
        </main>
      </div>
    </StoresProvider>
  );
}
