import { Inject, Injectable } from '@nestjs/common';
import { PublicStatusReader } from '@vigil/check-engine';
import { type PublicStatusPage, STATUS_PAGE_SLUG_PATTERN } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { CheckResultRepository } from '@vigil/telemetry-store';
import { TtlCache } from './ttl-cache';

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
  private readonly cache = new TtlCache<PublicStatusPage>(PUBLIC_STATUS_TTL_SECONDS * 1_000, 1_000);
  private readonly reader: PublicStatusReader;

  constructor(@Inject(RUNTIME) runtime: VigilRuntime) {
    this.reader = new PublicStatusReader({ store: runtime.store, results: new CheckResultRepository(runtime.telemetry) });
  }

  async read(slug: string): Promise<PublicStatusPage> {
    if (!STATUS_PAGE_SLUG_PATTERN.test(slug)) throw unknownPage();
    const now = Date.now();
    return this.cache.get(slug, now, async () => {
      const page = await this.reader.read(slug, now);
      if (page === null) throw unknownPage();
      return page;
    });
  }

  /** Drops this process's cached answer (the page was changed here). */
  forget(slug: string): void {
    this.cache.forget(slug);
  }
}
