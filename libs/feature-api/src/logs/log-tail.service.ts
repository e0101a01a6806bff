import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import type { LogFilter } from '@vigil/telemetry-store';
import type { FastifyReply } from 'fastify';
import { DEFAULT_TAIL_OPTIONS, LogTailSession } from './log-tail.session';

/** Open tails per project in one API process; more get 429. Each polls ClickHouse once a second. */
export const MAX_TAILS_PER_PROJECT = 10;
const RETRY_AFTER_SECONDS = 5;

/**
 * The open `GET /api/v1/logs/tail` streams of this process. The limit is per process: with N
 * API replicas a project may hold N × 10 tails, which bounds the polling load per replica —
 * what the limit protects. On shutdown (onModuleDestroy runs before Nest closes the HTTP
 * server) every stream is ended, so the server's close is not held open by endless responses;
 * EventSource clients reconnect to another replica.
 */
@Injectable()
export class LogTailService implements OnModuleDestroy {
  private readonly sessions = new Set<LogTailSession>();
  private readonly perProject = new Map<string, number>();
  private closing = false;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  /** Open streams (also `vigil_log_tails_open` on /metrics). */
  get openCount(): number {
    return this.sessions.size;
  }

  open(projectId: string, filter: LogFilter, reply: FastifyReply): void {
    if (this.closing) throw new DomainError('OVERLOADED', 'The server is shutting down; reconnect shortly.', { retryAfterSeconds: RETRY_AFTER_SECONDS });
    const open = this.perProject.get(projectId) ?? 0;
    if (open >= MAX_TAILS_PER_PROJECT) {
      throw new DomainError('RATE_LIMITED', `This project already has ${MAX_TAILS_PER_PROJECT} live tails open; close one (or use search) and try again.`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    this.perProject.set(projectId, open + 1);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    const session = new LogTailSession(
      (sinceMs, limit) => this.runtime.logs.recent(projectId, filter, sinceMs, limit),
      { write: (chunk) => void raw.write(chunk), end: () => raw.end(), bufferedBytes: () => raw.writableLength },
      { ...DEFAULT_TAIL_OPTIONS, onError: (error) => this.runtime.logger.warn({ err: error, projectId }, 'log tail poll failed') },
      () => {
        this.sessions.delete(session);
        this.runtime.selfMetrics.http.logTailsOpen.set(this.sessions.size);
        const left = (this.perProject.get(projectId) ?? 1) - 1;
        if (left > 0) this.perProject.set(projectId, left);
        else this.perProject.delete(projectId);
      },
    );
    this.sessions.add(session);
    this.runtime.selfMetrics.http.logTailsOpen.set(this.sessions.size);
    // 'close' fires when the client goes away and after our own end(): either way polling stops.
    raw.on('close', () => session.stop());
    session.start();
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const session of [...this.sessions]) session.stop();
  }
}
