import { app, shell, type WebContents } from 'electron';
import type { Logger } from '../logging/logger';
import { isSafeExternalUrl, type AppUrl } from '../security/app-url';
import { isPermissionAllowed } from '../security/permission-policy';

/**
 * Applied to every WebContents the app creates (Podman Desktop's security-restrictions model):
 * no new windows (http links go to the system browser instead), no navigation away from our page, no
 * <webview>, and every permission denied but the few our own page needs (security/permission-policy.ts).
 */
export function applySecurityRestrictions(appUrl: AppUrl, logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => restrict(contents, appUrl, logger));
}

function restrict(contents: WebContents, appUrl: AppUrl, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, logger);
    return { action: 'deny' };
  });

  const guardNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (appUrl.isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url, logger);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-frame-navigate', (details) => {
    if (!appUrl.isAppUrl(details.url)) details.preventDefault();
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.log('warn', 'security.webview_blocked', {});
  });

  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, appUrl.isAppUrl);
    if (!allowed) logger.log('warn', 'security.permission_denied', { permission, url: details.requestingUrl.slice(0, 200) });
    callback(allowed);
  });
  contents.session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionAllowed({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, appUrl.isAppUrl),
  );
}

function openExternally(url: string, logger: Logger): void {
  if (!isSafeExternalUrl(url)) {
    logger.log('warn', 'security.link_blocked', { url: url.slice(0, 200) });
    return;
  }
  shell.openExternal(url).catch((error: unknown) => logger.log('warn', 'security.open_external_failed', { error: String(error) }));
}
