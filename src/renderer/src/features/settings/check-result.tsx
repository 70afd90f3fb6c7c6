import type { ProviderCheck } from '../../../../shared/api';

/** What a provider test found, in one line: who answered and how, or why not. */
export function CheckResult({ check }: { check: ProviderCheck }) {
  return (
    <span className={`check-result small ${check.ok ? 'ok' : 'bad'}`} role="status" data-testid="provider-check">
      {check.ok ? '✓ ' : '✗ '}
      {!check.ok && check.code ? <code>{check.code}</code> : null} {check.message}
    </span>
  );
}
