import { Notification } from 'electron';
import type { Logger } from '../logging/logger';

/** A desktop notification, where the system has them (logged either way). */
export function showNotification(notice: { title: string; body: string }, logger: Logger): void {
  logger.log('info', 'app.notification', { title: notice.title });
  if (!Notification.isSupported()) return;
  new Notification({ title: notice.title, body: notice.body }).show();
}
