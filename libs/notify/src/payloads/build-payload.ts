import type { NotificationMessage } from '../message/notification-message';
import { buildAlertmanagerPayload, type AlertmanagerWebhookPayload } from './alertmanager.payload';
import { buildSlackPayload, type SlackWebhookPayload } from './slack.payload';
import { buildVigilWebhookPayload, type VigilWebhookPayload } from './vigil-webhook.payload';

export type NotificationPayload = VigilWebhookPayload | AlertmanagerWebhookPayload | SlackWebhookPayload;

/**
 * The request body for the message's channel kind, as the exact text to send and sign: the
 * signature covers these bytes, so the worker sends this string unchanged (and may store it
 * to send the same bytes again on every retry).
 */
export function buildNotificationBody(message: NotificationMessage): string {
  return JSON.stringify(buildNotificationPayload(message));
}

export function buildNotificationPayload(message: NotificationMessage): NotificationPayload {
  switch (message.channelKind) {
    case 'webhook':
      return buildVigilWebhookPayload(message);
    case 'alertmanager':
      return buildAlertmanagerPayload(message);
    case 'slack':
      return buildSlackPayload(message);
  }
}
