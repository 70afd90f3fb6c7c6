import type { SerializedError } from './errors';

/** The local endpoint as the Settings page shows it. The key itself is fetched only to copy it. */
export interface EndpointStatus {
  /** Whether this process can run an endpoint at all (false in tests and tools that compose no endpoint). */
  available: boolean;
  enabled: boolean;
  running: boolean;
  /** The OpenAI base URL (`http://127.0.0.1:8741/v1`); the Anthropic base URL is the same without `/v1`. */
  url?: string;
  host: string;
  port: number;
  allowRemote: boolean;
  /** The local key, masked: its prefix and last four characters. */
  keyMasked?: string;
  /** Why it is not running although enabled (port in use, say). */
  error?: SerializedError;
  /** Outside requests in flight right now. */
  inFlight: number;
}
