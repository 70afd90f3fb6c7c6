import type { TurnVersions } from '../../../../shared/api';

/** ‹ 2/3 › under a turn that was regenerated or edited: pages between its versions. */
export function VersionPager({ versions, disabled, onSelect }: { versions: TurnVersions; disabled: boolean; onSelect(version: number): void }) {
  const total = versions.others.length + 1;
  const at = versions.index;
  return (
    <span className="version-pager" role="group" aria-label="Versions" data-testid="version-pager">
      <button type="button" className="icon-btn" disabled={disabled || at === 0} onClick={() => onSelect(at - 1)} aria-label="Previous version" data-testid="version-prev">
        ‹
      </button>
      <span className="version-count" data-testid="version-count">
        {at + 1}/{total}
      </span>
      <button type="button" className="icon-btn" disabled={disabled || at === total - 1} onClick={() => onSelect(at + 1)} aria-label="Next version" data-testid="version-next">
        ›
      </button>
    </span>
  );
}
