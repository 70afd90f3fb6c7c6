import { Icon, type IconName } from '../components/icons';
import { MODE_LABELS } from '../lib/format';
import type { RouterState } from '../../../shared/api';
import type { ThemeChoice } from './theme';

export type PageId = 'playground' | 'modes' | 'gateway' | 'compare' | 'traffic' | 'settings';

export const PAGES: { id: PageId; label: string; icon: IconName }[] = [
  { id: 'playground', label: 'Playground', icon: 'chat' },
  { id: 'modes', label: 'Modes', icon: 'route' },
  { id: 'gateway', label: 'Gateway', icon: 'server' },
  { id: 'compare', label: 'Compare', icon: 'compare' },
  { id: 'traffic', label: 'Traffic', icon: 'list' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
];

const THEME_NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/** The navigation: pages, live mode and gateway status, theme. A rail on wide windows, a drawer on small ones. */
export function NavRail(props: {
  page: PageId;
  onNavigate(page: PageId): void;
  state: RouterState | undefined;
  phase: string | undefined;
  browser: boolean;
  needsSetup: boolean;
  theme: ThemeChoice;
  onTheme(theme: ThemeChoice): void;
}) {
  const { page, state, theme } = props;
  return (
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
            <button type="button" className={`rail-btn ${page === p.id ? 'active' : ''}`} aria-current={page === p.id ? 'page' : undefined} onClick={() => props.onNavigate(p.id)} title={`${p.label} (Ctrl+${i + 1})`} data-testid={`nav-${p.id}`}>
              <span className="rail-icon">
                <Icon name={p.icon} />
              </span>
              <span className="rail-label">{p.label}</span>
              {p.id === 'settings' && props.needsSetup && <span className="rail-dot" aria-label="setup needed" />}
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
        {props.phase && <div className="rail-status small muted">Gateway: {props.phase}</div>}
        {props.browser && <div className="rail-status small muted">Browser mode</div>}
        <button type="button" className="btn btn-ghost btn-small" onClick={() => props.onTheme(THEME_NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${THEME_NEXT[theme]}`} data-testid="theme-toggle">
          {theme === 'dark' ? '☾ Dark' : theme === 'light' ? '☀ Light' : '◐ System'}
        </button>
      </div>
    </nav>
  );
}
