// Client-side pacing for bulk runs: one token bucket per Secrets Manager quota group, so an
// import or copy stays just under the service's request-rate quotas instead of provoking
// throttling and leaning on retries. The figures are the documented defaults, per account
// and region: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
import {TokenBucket} from 'limiter'

/** The quota groups bulk runs and audits call into; each is one shared per-second budget at the service. */
export type QuotaGroup = 'create' | 'write' | 'tag' | 'read' | 'list' | 'policy' | 'batch-read'

/**
 * Requests per second per group (reference_limits.html above):
 * - create: "Rate of CreateSecret API requests", 50 per second;
 * - write: "Combined rate of PutSecretValue, RemoveRegionsFromReplication, ReplicateSecretToRegion,
 *   StopReplicationToReplica, UpdateSecret, and UpdateSecretVersionStage API requests", 50 per second;
 * - tag: "Combined rate of TagResource and UntagResource API requests", 50 per second;
 * - read: "Combined rate of DescribeSecret and GetSecretValue API requests", 10,000 per second;
 * - list: "Rate of ListSecrets API requests", 100 per second;
 * - policy: "Combined rate of DeleteResourcePolicy, GetResourcePolicy, PutResourcePolicy, and
 *   ValidateResourcePolicy API requests", 50 per second;
 * - batch-read: "Rate of BatchGetSecretValue API requests", 100 per second.
 */
export const SECRETS_MANAGER_QUOTAS: Readonly<Record<QuotaGroup, number>> = {
  create: 50,
  write: 50,
  tag: 50,
  read: 10_000,
  list: 100,
  policy: 50,
  'batch-read': 100,
}

/**
 * Below the quota by this much by default: the service counts requests in its own one-second
 * windows, and a run that aims exactly at the line crosses it on every timing jitter.
 */
export const DEFAULT_QUOTA_SHARE = 0.95

export interface PacerOptions {
  /** Requests per second for the create and write groups (the ones a bulk run spends); default 95 % of the quota. */
  writeRate?: number
  /** No pacing at all (the local store has no request quotas). */
  unlimited?: boolean
}

/** Waits until a request of a group may go out, so the run's rate per group never passes its budget. */
export class QuotaPacer {
  readonly #buckets = new Map<QuotaGroup, TokenBucket>()
  readonly #rates: Record<QuotaGroup, number>
  readonly #unlimited: boolean
  #requests = 0

  constructor(options: PacerOptions = {}) {
    this.#unlimited = options.unlimited === true
    const share = (group: QuotaGroup) => SECRETS_MANAGER_QUOTAS[group] * DEFAULT_QUOTA_SHARE
    this.#rates = {
      create: options.writeRate ?? share('create'),
      write: options.writeRate ?? share('write'),
      tag: share('tag'),
      read: share('read'),
      list: share('list'),
      policy: share('policy'),
      'batch-read': share('batch-read'),
    }
  }

  /** Requests let through so far, every group together: the calls a run made (before the SDK's retries). */
  get requests(): number {
    return this.#requests
  }

  /** Requests per second the pacer allows for a group (Infinity when unlimited). */
  rate(group: QuotaGroup): number {
    return this.#unlimited ? Number.POSITIVE_INFINITY : this.#rates[group]
  }

  /** Resolves when `count` requests of `group` may be sent (a check-and-set put spends several). */
  async take(group: QuotaGroup, count = 1): Promise<void> {
    this.#requests += count
    if (this.#unlimited) return
    let bucket = this.#buckets.get(group)
    if (!bucket) {
      // A bucket of two tokens: a steady drip at the rate with almost no burst. A full second's
      // burst would collide with the service's own window; a single token loses ~6 % of the
      // rate to timer granularity (measured: 44.5/s of 47.5 with one token, 47.5 with two).
      bucket = new TokenBucket({
        bucketSize: Math.max(2, count),
        tokensPerInterval: this.#rates[group],
        interval: 'second',
      })
      this.#buckets.set(group, bucket)
    }

    if (bucket.bucketSize < count) bucket.bucketSize = count
    await bucket.removeTokens(count)
  }
}
