import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import type { Redis } from 'ioredis';
import { ProjectIngestSettingsService } from '../ingest/project-ingest-settings.service';
import { AuthenticationService } from './authentication.service';

const CHANNEL = 'vigil:access-changes';

/** Something that changes who may do what, which every API process must see at once. */
export type AccessChange =
  | { kind: 'user'; userId: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'key'; keyId: string }
  | { kind: 'project'; projectId: string };

/**
 * Makes access changes take effect at once on every API replica, not after the caches expire
 * (sessions 10 s, keys and project settings 30 s): a removed member's sessions end, a new role
 * applies, a revoked key or a deleted project's keys stop. The change is applied here, then published on a Redis
 * channel every process subscribes to. The database is already changed when this is called;
 * a replica that misses the message (Redis down) still catches up when its caches expire.
 */
@Injectable()
export class AccessChangesService implements OnModuleInit, OnModuleDestroy {
  private subscriber: Redis | undefined;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly authentication: AuthenticationService,
    private readonly settings: ProjectIngestSettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.runtime.redis.client.duplicate();
    this.subscriber.on('error', (error: Error) => this.runtime.logger.warn({ err: error }, 'access changes subscription error'));
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        this.apply(JSON.parse(message) as AccessChange);
      } catch (error) {
        this.runtime.logger.warn({ err: error }, 'ignored an unreadable access change');
      }
    });
    await this.subscriber.subscribe(CHANNEL);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Applies the change in this process and tells the others. */
  async publish(change: AccessChange): Promise<void> {
    this.apply(change);
    await this.runtime.redis.client.publish(CHANNEL, JSON.stringify(change)).catch((error: unknown) => {
      this.runtime.logger.warn({ err: error, change }, 'could not tell other API processes about an access change; they catch up when their caches expire');
    });
  }

  private apply(change: AccessChange): void {
    switch (change.kind) {
      case 'user':
        return this.authentication.forgetUser(change.userId);
      case 'session':
        return this.authentication.forgetSession(change.sessionId);
      case 'key':
        return this.authentication.forgetKey(change.keyId);
      case 'project':
        this.authentication.forgetProject(change.projectId);
        return this.settings.forget(change.projectId);
    }
  }
}
