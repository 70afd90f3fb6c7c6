import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';

/** The generated plano_config.yaml and, read from it, where Plano sends each model (name → upstream, key). */
export function GatewayConfig() {
  const { gateway } = useStores();
  const yaml = useSlice(gateway, (s) => s.configYaml);
  const routes = useSlice(gateway, (s) => s.routes);
  const error = useSlice(gateway, (s) => s.configError);
  if (error) return <ErrorBox error={error} />;
  return (
    <>
      {routes && routes.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="gateway-routes">
            <caption className="sr-only">Where Plano sends each model</caption>
            <thead>
              <tr>
                <th scope="col">Model (as clients send it)</th>
                <th scope="col">Upstream</th>
                <th scope="col">Key</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((r) => (
                <tr key={r.model}>
                  <td className="mono">
                    {r.model}
                    {r.default && <span className="chip chip-default">default</span>}
                  </td>
                  <td className="mono wrap-anywhere">{r.upstream}</td>
                  <td className="mono">{r.accessKey ?? 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details>
        <summary className="small">plano_config.yaml (read-only; generated from your providers)</summary>
        <pre className="code-plain" tabIndex={0} data-testid="gateway-config">
          {yaml ?? 'Loading…'}
        </pre>
      </details>
    </>
  );
}
