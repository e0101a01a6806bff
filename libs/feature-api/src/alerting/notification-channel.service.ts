import { Inject, Injectable } from '@nestjs/common';
import type { ChannelRecord } from '@vigil/config-store';
import type { Channel, ChannelTestResponse, ChannelWithSecretResponse, CreateChannelRequest, UpdateChannelRequest } from '@vigil/contracts';
import {
  buildNotificationBody,
  createTestMessage,
  generateWebhookSecret,
  newWebhookId,
  openChannel,
  sealChannelHeaders,
  sealChannelSecret,
  sendNotification,
  signingSecretsAt,
  validateTemplate,
  webhookSecretPrefix,
} from '@vigil/notify';
import { isOutboundError, resolveDestination } from '@vigil/outbound-guard';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { randomUUID } from 'node:crypto';

/** A channel as listed: header names only, the secret's prefix only. */
export function channelView(channel: ChannelRecord): Channel {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: channel.url,
    headerNames: channel.headerNames,
    titleTemplate: channel.titleTemplate,
    bodyTemplate: channel.bodyTemplate,
    enabled: channel.enabled,
    disabledReason: channel.disabledReason,
    secretPrefix: channel.secretPrefix,
    previousSecretValidUntil: channel.previousSecretValidUntil !== null && channel.previousSecretValidUntil > new Date() ? channel.previousSecretValidUntil.toISOString() : null,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `Invalid notification channel: ${field}: ${message}.`, { errors: [{ path: field, message }] });
}

/**
 * Notification channels: secrets generated here, sealed with the runtime's key (AES-256-GCM,
 * bound to the channel) before they reach Postgres, shown in clear once; destinations checked
 * against the outbound guard when saved, so a private or unresolvable URL is a 400 at once
 * rather than a dead delivery later.
 */
@Injectable()
export class NotificationChannelService {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async create(projectId: string, request: CreateChannelRequest): Promise<ChannelWithSecretResponse> {
    this.checkTemplates(request);
    await this.checkDestination(request.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const key = this.runtime.secretKey;
    const channel = await this.runtime.store.channels.create(projectId, id, {
      name: request.name,
      kind: request.kind,
      url: request.url,
      headersCipher: sealChannelHeaders(id, request.headers, key),
      headerNames: Object.keys(request.headers),
      titleTemplate: request.titleTemplate ?? null,
      bodyTemplate: request.bodyTemplate ?? null,
      enabled: request.enabled,
      secretCipher: sealChannelSecret(id, secret, key),
      secretPrefix: webhookSecretPrefix(secret),
    });
    return { channel: channelView(channel), secret };
  }

  async update(projectId: string, id: string, request: UpdateChannelRequest): Promise<Channel> {
    this.checkTemplates(request);
    if (request.url !== undefined) await this.checkDestination(request.url);
    const channel = await this.runtime.store.channels.update(projectId, id, {
      ...(request.name === undefined ? {} : { name: request.name }),
      ...(request.url === undefined ? {} : { url: request.url }),
      ...(request.headers === undefined ? {} : { headersCipher: sealChannelHeaders(id, request.headers, this.runtime.secretKey), headerNames: Object.keys(request.headers) }),
      ...(request.titleTemplate === undefined ? {} : { titleTemplate: request.titleTemplate }),
      ...(request.bodyTemplate === undefined ? {} : { bodyTemplate: request.bodyTemplate }),
      ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
    });
    if (!channel) throw notFound();
    return channelView(channel);
  }

  /** A new secret, shown once; the old one keeps signing beside it for `overlapSeconds`. */
  async rotate(projectId: string, id: string, overlapSeconds: number): Promise<ChannelWithSecretResponse> {
    const current = await this.runtime.store.channels.find(projectId, id);
    if (!current) throw notFound();
    const opened = openChannel(current, this.runtime.secretKey);
    const secret = generateWebhookSecret();
    const key = this.runtime.secretKey;
    const channel = await this.runtime.store.channels.rotateSecret(projectId, id, {
      secretCipher: sealChannelSecret(id, secret, key),
      secretPrefix: webhookSecretPrefix(secret),
      previousSecretCipher: overlapSeconds > 0 ? sealChannelSecret(id, opened.secrets.current, key, 'previous-secret') : null,
      previousValidUntil: overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null,
    });
    if (!channel) throw notFound();
    return { channel: channelView(channel), secret };
  }

  /**
   * Sends the test notification now, bypassing the circuit breaker (a person is waiting), and
   * records it in the delivery log like any other.
   */
  async test(projectId: string, id: string): Promise<ChannelTestResponse> {
    const channel = await this.runtime.store.channels.find(projectId, id);
    if (!channel) throw notFound();
    const now = new Date();
    const webhookId = newWebhookId();
    const message = createTestMessage({
      id: webhookId,
      receiver: channel.name,
      channelKind: channel.kind,
      externalUrl: this.runtime.publicUrl,
      now,
      ...(channel.titleTemplate === null ? {} : { titleTemplate: channel.titleTemplate }),
      ...(channel.bodyTemplate === null ? {} : { bodyTemplate: channel.bodyTemplate }),
    });
    const body = buildNotificationBody(message);
    const opened = openChannel(channel, this.runtime.secretKey);
    const result = await sendNotification({ url: channel.url, headers: opened.headers, secrets: signingSecretsAt(opened.secrets, now), body, webhookId, timestamp: now }, { policy: this.runtime.outboundPolicy });
    const delivery = await this.runtime.store.deliveries.createIfAbsent({ projectId, channelId: id, webhookId, kind: 'test', title: message.title, body, nextAttemptAt: now });
    const status = result.outcome === 'delivered' ? 'delivered' : 'dead';
    await this.runtime.store.deliveries.recordAttempt(delivery.id, { at: now.toISOString(), status: result.status, error: result.error, durationMs: result.durationMs }, { status, nextAttemptAt: null });
    if (result.outcome === 'gone') await this.runtime.store.channels.disable(id, `The receiver answered 410 Gone at ${now.toISOString()}: it asks not to be sent anything more.`);
    return { delivered: result.outcome === 'delivered', status: result.status, durationMs: result.durationMs, error: result.error, webhookId };
  }

  private checkTemplates(request: { titleTemplate?: string | null; bodyTemplate?: string | null }): void {
    for (const field of ['titleTemplate', 'bodyTemplate'] as const) {
      const template = request[field];
      if (template === undefined || template === null) continue;
      const problem = validateTemplate(template);
      if (problem !== null) throw invalid(field, problem);
    }
  }

  private async checkDestination(url: string): Promise<void> {
    try {
      await resolveDestination(url, this.runtime.outboundPolicy);
    } catch (error) {
      if (isOutboundError(error)) throw invalid('url', error.message);
      throw error;
    }
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no notification channel with that id.');
}
