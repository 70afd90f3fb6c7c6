import type { GatewayEvent } from '../../shared/gateway';

/**
 * The desktop notification for an embedded-gateway event, if it deserves one: falling back to Direct and
 * recovering from it (the moments someone watching with the window closed needs to hear about).
 * Turned off with `desktop.notifications: false` in the config (or the menu's checkbox).
 */
export function gatewayNotice(event: GatewayEvent): { title: string; body: string } | undefined {
  const body = event.reason.charAt(0).toUpperCase() + event.reason.slice(1);
  if (event.kind === 'fallback') return { title: 'Plano gateway failed: using Direct', body };
  if (event.kind === 'recovery') return { title: 'Plano gateway recovered', body };
  return undefined;
}
