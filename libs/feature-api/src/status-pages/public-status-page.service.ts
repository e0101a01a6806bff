import { Inject, Injectable } from '@nestjs/common';
import { PublicStatusReader } from '@vigil/check-engine';
import { type PublicStatusPage, STATUS_PAGE_SLUG_PATTERN } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { CheckResultRepository } from '@vigil/telemetry-store';
import { ExpiringCache } from '../auth/api-key-cache';

/** How long one process reuses a page's answer (and browsers and CDNs may keep it: Cache-Control max-age). */
export const PUBLIC_STATUS_TTL_SECONDS = 30;

function unknownPage(): DomainError {
  return new DomainError('NOT_FOUND', 'There is no status page at this address.');
}

/**
 * The public answer of a status page (PublicStatusReader), cached per slug for 30 s in each
 * process with one computation shared by concurrent requests, so anonymous traffic costs one
 * rollup read per page per 30 s however many people look.
 */
@Injectable()
export class PublicStatusPageService {
  /** Answers in flight are cached too: requests that come while a page is computed share its computation. */
  private readonly cache = new ExpiringCache<Promise<PublicStatusPage>>(1_000);
  private readonly reader: PublicStatusReader;

  constructor(@Inject(RUNTIME) runtime: VigilRuntime) {
    this.reader = new PublicStatusReader({ store: runtime.store, results: new CheckResultRepository(runtime.telemetry) });
  }

  read(slug: string): Promise<PublicStatusPage> {
    if (!STATUS_PAGE_SLUG_PATTERN.test(slug)) return Promise.reject(unknownPage());
    const cached = this.cache.get(slug);
    if (cached !== undefined) return cached;
    const answer = this.reader.read(slug, Date.now()).then((page) => {
      if (page === null) throw unknownPage();
      return page;
    });
    this.cache.set(slug, answer, PUBLIC_STATUS_TTL_SECONDS * 1_000);
    // An unknown page or a failed read is not kept: a page made a moment later shows at once.
    answer.catch(() => {
      if (this.cache.get(slug) === answer) this.cache.delete(slug);
    });
    return answer;
  }

  /** Drops this process's cached answer (the page was changed here). */
  forget(slug: string): void {
    this.cache.delete(slug);
  }
}
