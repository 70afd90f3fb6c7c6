import { useEffect, useState } from 'react';
import { ComparePage } from '../features/compare/compare-page';
import { GatewayPage } from '../features/gateway/gateway-page';
import { ModesPage } from '../features/modes/modes-page';
import { PlaygroundPage } from '../features/playground/playground-page';
import { SettingsPage } from '../features/settings/settings-page';
import { Icon, type IconName } from '../components/icons';
import { MODE_LABELS } from '../lib/format';
import type { AppStores } from '../stores/app-stores';
import { StoresProvider, useSlice } from './stores-context';
import { useTheme, type ThemeChoice } from './theme';

export type PageId = 'playground' | 'modes' | 'gateway' | 'compare' | 'settings';

const PAGES: { id: PageId; label: string; icon: IconName }[] = [
  { id: 'playground', label: 'Playground', icon: 'chat' },
  { id: 'modes', label: 'Modes', icon: 'route' },
  { id: 'gateway', label: 'Gateway', icon: 'server' },
  { id: 'compare', label: 'Compare', icon: 'compare' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
];

const THEME_NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/** The shell: navigation rail, live mode/gateway status, theme toggle, and the current page. */
export function App({ stores, initialPage = 'playground' }: { stores: AppStores; initialPage?: PageId }) {
  const [page, setPage] = useState<PageId>(initialPage);
  const [theme, setTheme] = useTheme();
  const state = useSlice(stores.router, (s) => s.state);
  const loadError = useSlice(stores.router, (s) => s.loadError);
  const phase = useSlice(stores.gateway, (s) => s.status?.phase);

  useEffect(() => {
    void stores.router.getState().load();
    void stores.gateway.getState().load();
  }, [stores]);

  // The desktop app's menus (File → New Chat, Open Gateway Dashboard; the tray).
  useEffect(
    () =>
      stores.bridge.on('app.command', ({ command }) => {
        if (command === 'open-gateway') return setPage('gateway');
        setPage('playground');
        stores.chat.getState().newChat();
      }),
    [stores],
  );

  // Ctrl/Cmd+1..5 jump between pages.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= PAGES.length) {
        e.preventDefault();
        setPage(PAGES[n - 1]!.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const needsSetup = state !== undefined && state.providers.length === 0;

  return (
    <StoresProvider stores={stores}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <nav className="rail" aria-label="Main">
          <div className="brand" aria-hidden="true">
            <span className="brand-mark">
              <Icon name="logo" />
            </span>
            <span className="brand-name">Switchyard</span>
          </div>
          <ul>
            {PAGES.map((p, i) => (
              <li key={p.id}>
                <button type="button" className={`rail-btn ${page === p.id ? 'active' : ''}`} aria-current={page === p.id ? 'page' : undefined} onClick={() => setPage(p.id)} title={`${p.label} (Ctrl+${i + 1})`} data-testid={`nav-${p.id}`}>
                  <span className="rail-icon">
                    <Icon name={p.icon} />
                  </span>
                  <span className="rail-label">{p.label}</span>
                  {p.id === 'settings' && needsSetup && <span className="rail-dot" aria-label="setup needed" />}
                </button>
              </li>
            ))}
          </ul>
          <div className="rail-foot">
            {state && (
              <div className="rail-status" data-testid="status-mode">
                <span className={`dot mode-dot-${state.servedBy}`} aria-hidden="true" />
                {MODE_LABELS[state.mode]}
                {state.fallbackActive && <span className="chip chip-fallback">fallback</span>}
              </div>
            )}
            {phase && <div className="rail-status small muted">Gateway: {phase}</div>}
            {stores.bridge.transport === 'browser' && <div className="rail-status small muted">Browser mode</div>}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setTheme(THEME_NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${THEME_NEXT[theme]}`} data-testid="theme-toggle">
              {theme === 'dark' ? '☾ Dark' : theme === 'light' ? '☀ Light' : '◐ System'}
            </button>
          </div>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {loadError && page !== 'settings' && (
            <div className="banner banner-bad" role="alert">
              Could not reach Switchyard’s API: <code>{loadError.code}</code> {loadError.message}{' '}
              <button type="button" className="btn btn-small" onClick={() => void stores.router.getState().load()}>
                Retry
              </button>
            </div>
          )}
          {page === 'playground' && <PlaygroundPage onOpenSettings={() => setPage('settings')} />}
          {page === 'modes' && <ModesPage />}
          {page === 'gateway' && <GatewayPage />}
          {page === 'compare' && <ComparePage />}
          {page === 'settings' && <SettingsPage />}
        </main>
      </div>
    </StoresProvider>
  );
}
