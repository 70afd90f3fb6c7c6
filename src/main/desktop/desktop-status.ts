import type { RouterState } from '../../shared/api';
import type { GatewayStatus } from '../../shared/gateway';
import type { ApiEventMessage } from '../api/event-bus';
import { gatewayNotice } from './gateway-notice';

/**
 * What the tray and the application menu show, kept current from the API's events: the router's state and
 * the gateway's status (each change redraws them), and the gateway's fallback and recovery events, which
 * become desktop notifications while those are turned on.
 */
export interface DesktopStatusOptions {
  /** The tray and menu must be redrawn. */
  onChange: () => void;
  notify: (notice: { title: string; body: string }) => void;
  notificationsOn: () => boolean;
}

export class DesktopStatus {
  router: RouterState | undefined;
  gateway: GatewayStatus | undefined;

  constructor(private readonly options: DesktopStatusOptions) {}

  /** Subscribe this to the API core's events. */
  readonly handle = (event: ApiEventMessage): void => {
    switch (event.name) {
      case 'router.state':
        this.router = event.payload;
        this.options.onChange();
        break;
      case 'gateway.status':
        this.gateway = event.payload;
        this.options.onChange();
        break;
      case 'gateway.event': {
        const notice = gatewayNotice(event.payload);
        if (notice && this.options.notificationsOn()) this.options.notify(notice);
        break;
      }
      default:
        break;
    }
  };
}
