import type { ConfigProblem } from '../../../shared/api';

/** On every page while the config file on disk is invalid: the app runs on defaults until it is fixed. */
export function ConfigBanner({ problems, onShow }: { problems: ConfigProblem[]; onShow?: () => void }) {
  if (problems.length === 0) return null;
  const first = problems[0]!;
  return (
    <div className="banner banner-bad config-banner" role="alert" data-testid="config-banner">
      <strong>The config file has {problems.length === 1 ? 'a problem' : `${problems.length} problems`}</strong>; Switchyard is running on defaults and has not touched the file.{' '}
      <span className="small">
        First: <code>{first.path || 'config'}</code>
        {first.line ? ` (line ${first.line})` : ''}: {first.message}
      </span>{' '}
      {onShow && (
        <button type="button" className="btn btn-small" onClick={onShow}>
          Show all in Settings
        </button>
      )}
    </div>
  );
}

/** The full list, in Settings. */
export function ConfigProblems({ problems, path }: { problems: ConfigProblem[]; path?: string | undefined }) {
  if (problems.length === 0) return null;
  return (
    <section className="card card-bad" aria-labelledby="problems-title" data-testid="config-problems">
      <h2 id="problems-title">Problems in the config file</h2>
      <p className="small">
        Fix {path ? <code>{path}</code> : 'the file'} by hand (changes are picked up when you save it), or save a valid configuration here: the broken file is first copied aside.
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}-${i}`}>
            <code>{p.path || 'config'}</code>
            {p.line ? ` (line ${p.line})` : ''}: {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
