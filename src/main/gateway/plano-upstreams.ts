import type { ConfigProblem } from '../../shared/api';
import type { ProviderConfig } from '../../shared/config';
import type { PlannedProvider } from './plano-model-plan';
import { OPENAI_INTERFACE } from './plano-providers';

/**
 * The `base_url` each generated entry carries, written so that Plano sends the request where Direct mode
 * would, and the extra host names the container needs for that.
 *
 * Plano puts a base URL's path in front of `/chat/completions` (`/messages` for Anthropic), and `/v1` when
 * the URL has no path. It names each upstream cluster `<interface>_<host name>` and keeps the first port it
 * sees for a name, so two servers on one host with different ports would merge. Servers on this machine get
 * a host name of their own then (mapped to the host in the container); for other hosts that is a problem
 * the user has to solve (a different name for the same server).
 */

/** The name Plano's containers use to reach the host (mapped to the host gateway at create). */
export const HOST_ALIAS = 'host.docker.internal';
/** Host names of our own for servers on this machine that share a host with another upstream. */
export const ALIAS_DOMAIN = 'switchyard.internal';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

export interface UpstreamUrls {
  /** base_url of the provider's own entries (absent: Plano's built-in endpoint). */
  own?: string;
  /** base_url of its catch-all entry. */
  wildcard?: string;
}

export interface UpstreamPlan {
  urls: Map<string, UpstreamUrls>;
  /** Docker `ExtraHosts` entries (`name:address`) beyond host.docker.internal. */
  extraHosts: string[];
  problems: ConfigProblem[];
}

/** Rewrites a loopback host to host.docker.internal so the container can reach model servers on the host. */
export function containerReachableUrl(url: string, hostNetwork: boolean): string {
  if (hostNetwork) return url;
  const parsed = parseUrl(url);
  if (!parsed || !LOOPBACK_HOSTS.has(parsed.hostname)) return url;
  parsed.hostname = HOST_ALIAS;
  return withoutRootSlash(parsed, url);
}

/** The URL whose path Plano puts in front of the API path, so it reaches the same place as Direct. */
export function planoBaseUrl(provider: ProviderConfig): string {
  const url = provider.baseUrl.replace(/\/+$/, '');
  // Direct sends Anthropic requests to {base}/v1/messages; Plano to {base path}/messages.
  return provider.type === 'anthropic' && !/\/v1$/.test(url) ? `${url}/v1` : url;
}

export function planUpstreams(planned: PlannedProvider[], hostNetwork: boolean): UpstreamPlan {
  const urls = new Map<string, UpstreamUrls>();
  const problems: ConfigProblem[] = [];
  const extraHosts = new Map<string, string>();
  /** cluster name → the first upstream Plano will keep for it. */
  const clusters = new Map<string, { origin: string; provider: string; url: string }>();

  const place = (p: PlannedProvider, iface: string): string => {
    const written = planoBaseUrl(p.provider);
    let url = containerReachableUrl(written, hostNetwork);
    let target = clusterTarget(iface, url);
    const first = clusters.get(target.cluster);
    if (first && first.origin !== target.origin) {
      const original = parseUrl(written);
      if (original && (LOOPBACK_HOSTS.has(original.hostname) || original.hostname === HOST_ALIAS)) {
        const alias = `host-${target.port}.${ALIAS_DOMAIN}`;
        extraHosts.set(alias, hostNetwork ? loopbackAddress(original.hostname) : 'host-gateway');
        const aliased = parseUrl(url)!;
        aliased.hostname = alias;
        url = withoutRootSlash(aliased, url);
        target = clusterTarget(iface, url);
      } else {
        problems.push({
          path: `providers.${p.provider.name}.base_url`,
          message:
            `Plano names upstreams by provider and host name, not port: ${written} and providers.${first.provider}'s ${first.url} ` +
            `would both be sent to ${first.origin}. Reach one of them under another host name (for example its IP address)`,
        });
        return url;
      }
    }
    if (!clusters.has(target.cluster)) clusters.set(target.cluster, { origin: target.origin, provider: p.provider.name, url: written });
    return url;
  };

  for (const p of planned) {
    const entry: UpstreamUrls = {};
    if (p.ownEndpoint) entry.own = place(p, p.providerInterface ?? p.prefix);
    if (p.wildcardPrefix) entry.wildcard = place(p, OPENAI_INTERFACE);
    urls.set(p.provider.name, entry);
  }
  return { urls, extraHosts: [...extraHosts].map(([name, address]) => `${name}:${address}`), problems };
}

/** Plano's cluster name for a base URL, and the protocol and port it would connect to. */
function clusterTarget(iface: string, url: string): { cluster: string; origin: string; port: number } {
  const parsed = parseUrl(url);
  const protocol = parsed?.protocol.replace(/:$/, '') ?? 'http';
  const port = parsed?.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80;
  const host = parsed?.hostname.replace(/^\[|\]$/g, '') ?? url;
  return { cluster: `${iface}_${host}`, origin: `${protocol}://${host}:${port}`, port };
}

function loopbackAddress(hostname: string): string {
  return hostname === '::1' || hostname === '[::1]' ? '::1' : '127.0.0.1';
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** URL keeps a trailing slash on bare origins; the generated file writes them as the user did. */
function withoutRootSlash(parsed: URL, original: string): string {
  const text = parsed.toString();
  return original.endsWith('/') || parsed.pathname !== '/' ? text : text.replace(/\/$/, '');
}
