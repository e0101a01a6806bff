import { DEFAULT_QUEUE_PREFIX } from '@vigil/queue';

/** Redis keys of the check engine, under the same prefix as its queues (tests keep files apart by it). */
export class CheckRedisKeys {
  constructor(private readonly prefix: string = DEFAULT_QUEUE_PREFIX) {}

  /** Hash: region → RegionState JSON, and `_check` → the check's last stored status. */
  regions(checkId: string): string {
    return `${this.prefix}:check-regions:${checkId}`;
  }

  /** One run of a batch of checks per region and cycle (its interval's run slot). */
  batchClaim(region: string, everyMs: number, index: number, cycle: number): string {
    return `${this.prefix}:probe-claim:${region}:${everyMs}:${index}:${cycle}`;
  }

  /** Counter bumped by the API on every change of a check: probers reload their checks when it moved. */
  checksVersion(): string {
    return `${this.prefix}:checks-version`;
  }

  /** Sorted set: region → last time a prober of it said it was alive. */
  proberRegions(): string {
    return `${this.prefix}:prober-regions`;
  }

  /** Fixed-window counters of the public push endpoints. */
  pushRate(scope: string, key: string, window: number): string {
    return `${this.prefix}:push-rate:${scope}:${key}:${window}`;
  }

  /** Hash: `<targetId>:<region>` → TargetRegionHealth JSON (fall/rise counts of a failover group). */
  failoverHealth(groupId: string): string {
    return `${this.prefix}:failover-health:${groupId}`;
  }

  /** Pub/sub channel: a group's id each time its active target (or its reason) changed. */
  failoverChanged(): string {
    return `${this.prefix}:failover-changed`;
  }
}
