/** A small SVG line chart for the last N samples, with the latest value as text. */
export function Sparkline({ values, label, format, testId, detail }: { values: number[]; label: string; format(v: number): string; testId?: string; detail?: string }) {
  const W = 240;
  const H = 56;
  // Scaled to the data (not to the limit) so small changes stay visible; the limit is given as text.
  const top = Math.max(...values, 1e-9) * 1.25;
  const step = values.length > 1 ? W / (values.length - 1) : W;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(H - 2 - (v / top) * (H - 6)).toFixed(1)}`);
  const latest = values.at(-1);
  return (
    <figure className="spark" data-testid={testId}>
      <figcaption>
        <span className="muted small">{label}</span>
        <strong>
          {latest === undefined ? '—' : format(latest)}
          {detail && <span className="muted small"> {detail}</span>}
        </strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`${label}: ${latest === undefined ? 'no samples yet' : format(latest)}`}>
        {values.length > 1 && (
          <>
            <polygon points={`0,${H} ${pts.join(' ')} ${W},${H}`} className="spark-fill" />
            <polyline points={pts.join(' ')} className="spark-line" fill="none" />
          </>
        )}
      </svg>
    </figure>
  );
}
