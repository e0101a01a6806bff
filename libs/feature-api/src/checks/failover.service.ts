import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { activeView, CheckRedisKeys, FailoverEngine, targetView } from '@vigil/check-engine';
import type { FailoverActiveView, FailoverEventView, FailoverGroupRequest, FailoverGroupView, FailoverReasonView } from '@vigil/contracts';
import type { FailoverGroupRecord } from '@vigil/config-store';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { invalidFields } from '../alerting/matcher-validation';

/**
 * Failover groups for the API (docs/checks.md, Failover groups): definitions validated against
 * the project's checks and channels, pins decided at once, and the active target with an ETag and
 * a long-poll that any replica answers as soon as a prober (or another replica) publishes a
 * change on Redis.
 */
@Injectable()
export class FailoverService implements OnModuleDestroy {
  private readonly engine: FailoverEngine;
  private readonly keys = new CheckRedisKeys();
  private readonly changes = new EventEmitter();
  private subscriber: Redis | undefined;
  private subscribed: Promise<unknown> | undefined;
  /** Long-polls waiting at once in this process (FAILOVER_MAX_WAITS); more are refused with 429 and Retry-After. */
  private readonly maxWaits: number;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    this.maxWaits = runtime.config.FAILOVER_MAX_WAITS;
    this.engine = new FailoverEngine(runtime.store, runtime.redis.client, this.keys, runtime.redis.url, { onError: (error) => runtime.logger.warn({ err: error }, 'notifications queue error') }, runtime.publicUrl);
    this.changes.setMaxListeners(this.maxWaits + 1);
  }

  async onModuleDestroy(): Promise<void> {
    // Held long-polls are answered now (304, unchanged): the HTTP server closes after this hook and
    // would otherwise wait out every client's wait before the process can stop.
    this.changes.emit('closing');
    this.subscriber?.disconnect();
    await this.engine.close();
  }

  async validate(projectId: string, request: FailoverGroupRequest): Promise<FailoverGroupRequest> {
    const problems: { path: string; message: string }[] = [];
    const seen = new Set<string>();
    for (const [index, target] of request.targets.entries()) {
      const path = `targets[${index}].checkId`;
      const check = await this.runtime.store.checks.find(projectId, target.checkId);
      if (check === null) problems.push({ path, message: 'must be a check of this project' });
      else if (check.kind === 'push') problems.push({ path, message: 'must be a probed check (http, tcp or dns), not a push check' });
      if (seen.has(target.checkId)) problems.push({ path, message: 'watches the same check as an earlier target' });
      seen.add(target.checkId);
    }
    for (const [index, channelId] of request.channelIds.entries()) {
      const channel = await this.runtime.store.channels.findById(channelId);
      if (channel === null || channel.projectId !== projectId) problems.push({ path: `channelIds[${index}]`, message: 'must be a notification channel of this project' });
    }
    if (problems.length > 0) throw invalidFields('failover group', problems);
    return request;
  }

  async create(projectId: string, request: FailoverGroupRequest): Promise<FailoverGroupView> {
    const group = await this.runtime.store.failoverGroups.create(projectId, request);
    return groupView((await this.engine.decide(group.id, Date.now())) ?? group);
  }

  async replace(projectId: string, id: string, request: FailoverGroupRequest): Promise<FailoverGroupView> {
    const group = await this.runtime.store.runInTransaction((repos) => repos.failoverGroups.update(projectId, id, request));
    if (group === null) throw notFound();
    return groupView((await this.engine.decide(id, Date.now())) ?? group);
  }

  async delete(projectId: string, id: string): Promise<void> {
    if (!(await this.runtime.store.failoverGroups.delete(projectId, id))) throw notFound();
    await this.engine.forget(id);
  }

  async get(projectId: string, id: string): Promise<FailoverGroupView> {
    return groupView(await this.find(projectId, id));
  }

  async list(projectId: string): Promise<FailoverGroupView[]> {
    return (await this.runtime.store.failoverGroups.list(projectId)).map(groupView);
  }

  async events(projectId: string, id: string): Promise<FailoverEventView[]> {
    await this.find(projectId, id);
    return (await this.runtime.store.failoverGroups.events(projectId, id, 200)).map((event) => ({ ...event, at: event.at.toISOString(), reason: event.reason as FailoverReasonView }));
  }

  /** Pins a target (or unpins with null) and decides at once: traffic moves now, not at the next result. */
  async pin(projectId: string, id: string, targetId: string | null): Promise<FailoverGroupView> {
    const group = await this.find(projectId, id);
    if (targetId !== null && !group.targets.some((target) => target.id === targetId)) {
      throw invalidFields('pin', [{ path: 'targetId', message: 'must be a target of this group' }]);
    }
    await this.runtime.store.failoverGroups.setPin(projectId, id, targetId);
    return groupView((await this.engine.decide(id, Date.now())) ?? (await this.find(projectId, id)));
  }

  /**
   * The active target. With `knownTag` (If-None-Match) equal to the current ETag and `waitMs`,
   * the answer waits until the group changes or the wait ends (as Consul's blocking queries);
   * `notModified` then says the client's copy is still good.
   */
  async active(projectId: string, id: string, knownTag: string | undefined, waitMs: number | undefined): Promise<{ view: FailoverActiveView; etag: string; notModified: boolean }> {
    let view = activeView(await this.find(projectId, id));
    if (knownTag !== undefined && knownTag === etagOf(view) && waitMs !== undefined && waitMs > 0) {
      // Full: a 429 with Retry-After rather than a 304 at once, which would make every waiting client spin.
      if (this.changes.listenerCount('change') >= this.maxWaits) throw new DomainError('RATE_LIMITED', 'Too many requests are waiting for failover changes on this server; try again shortly.', { retryAfterSeconds: 1 });
      const changed = this.nextChange(id, waitMs);
      // Read again after subscribing: a change between the first read and now is not missed.
      view = activeView(await this.find(projectId, id));
      if (etagOf(view) === knownTag && (await changed)) view = activeView(await this.find(projectId, id));
    }
    const etag = etagOf(view);
    return { view, etag, notModified: knownTag === etag };
  }

  /** Resolves true when the group changes (a message on Redis from any process), false when `waitMs` passed. */
  private async nextChange(groupId: string, waitMs: number): Promise<boolean> {
    await this.subscribe();
    return new Promise((resolve) => {
      const onChange = (changed: string) => {
        if (changed !== groupId) return;
        done(true);
      };
      const onClosing = () => done(false);
      const timer = setTimeout(() => done(false), waitMs);
      const done = (changed: boolean) => {
        clearTimeout(timer);
        this.changes.off('change', onChange);
        this.changes.off('closing', onClosing);
        resolve(changed);
      };
      this.changes.on('change', onChange);
      this.changes.on('closing', onClosing);
    });
  }

  /** One subscriber connection per process, made on the first long-poll (ioredis subscribes again after a reconnect). */
  private async subscribe(): Promise<void> {
    if (this.subscribed === undefined) {
      const subscriber = this.runtime.redis.client.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (_channel: string, groupId: string) => this.changes.emit('change', groupId));
      subscriber.on('error', (error: Error) => this.runtime.logger.warn({ err: error }, 'failover change subscription error'));
      this.subscribed = subscriber.subscribe(this.keys.failoverChanged());
    }
    await this.subscribed;
  }

  private async find(projectId: string, id: string): Promise<FailoverGroupRecord> {
    const group = await this.runtime.store.failoverGroups.find(projectId, id);
    if (group === null) throw notFound();
    return group;
  }
}

export function etagOf(view: FailoverActiveView): string {
  return `"${view.groupId}.${view.version}"`;
}

function groupView(group: FailoverGroupRecord): FailoverGroupView {
  return {
    id: group.id,
    name: group.name,
    fall: group.fall,
    rise: group.rise,
    quorum: group.quorum,
    channelIds: group.channelIds,
    pinnedTargetId: group.pinnedTargetId,
    targets: group.targets.map(targetView),
    active: activeView(group),
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no failover group with that id.');
}
