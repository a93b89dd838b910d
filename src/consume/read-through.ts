// Reading a secret through the client-side cache, with the semantics of AWS's caching
// clients and the Secrets Manager Agent: within the TTL no call at all; past it, one
// DescribeSecret to see whether the requested version is still the one cached, and
// GetSecretValue only when it is not. A stale value is served only when asked (--allow-stale)
// and only when the store cannot answer, always with a one-line warning.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/secrets-manager-agent.html
import {AccessDeniedError, NotFoundError, UnavailableError, UsageError} from '../errors.js'
import {KeychainUnavailableError} from '../keychain.js'
import {seconds} from '../output/cache-status.js'
import {AWSCURRENT, type SecretDescription, type SecretStore, type SecretVersionValue} from '../stores/store.js'
import type {CacheEntry, VersionSelector} from './cache-entry.js'
import {CacheUnusableError, type SecretCache} from './secret-cache.js'

export interface CachedReadContext {
  /** Opens the store on first use: a cache hit never loads a backend. */
  store: () => Promise<SecretStore>
  /** Undefined when the cache is off (or cannot be used this run). */
  cache: SecretCache | undefined
  /** The target's cache scope; may open the store to learn the region. Undefined: not cached. */
  scope: () => Promise<string | undefined>
  ttlMs: number
  allowStale: boolean
  warn: (message: string) => void
  debug: (message: string) => void
  now?: () => number
}

export interface CachedReadRequest {
  name: string
  versionId?: string
  versionStage?: string
}

export async function readSecretThroughCache(
  context: CachedReadContext,
  request: CachedReadRequest,
): Promise<SecretVersionValue> {
  return (await readManyThroughCache(context, [request]))[0]
}

/**
 * Several reads at once (exec, export): hits cost nothing, expired entries one DescribeSecret
 * each, and the rest are fetched together where the store can (BatchGetSecretValue, 20 per call).
 */
export async function readManyThroughCache(
  context: CachedReadContext,
  requests: CachedReadRequest[],
): Promise<SecretVersionValue[]> {
  const {cache, ttlMs} = context
  // A version id with a stage is a question for the store (both must match); not cached.
  const cacheable = (request: CachedReadRequest) => !(request.versionId && request.versionStage)
  const scope = cache && ttlMs > 0 && requests.some(cacheable) ? await context.scope() : undefined
  if (!cache || !scope) return fetchAll(context, requests)

  const now = context.now ?? Date.now
  const results: Array<SecretVersionValue | undefined> = []
  const pending: Array<{index: number; request: CachedReadRequest; selector?: VersionSelector; cached?: CacheEntry}> =
    []
  for (const [index, request] of requests.entries()) {
    if (!cacheable(request)) {
      pending.push({index, request})
      continue
    }

    const selector: VersionSelector = request.versionId
      ? {versionId: request.versionId}
      : {versionStage: request.versionStage ?? AWSCURRENT}
    const cached = await guarded(context, 'read', () => cache.lookup(scope, request.name, selector))
    if (cached && now() - cached.fetchedAt < ttlMs) {
      context.debug(`cache: hit for ${request.name} (age ${seconds(now() - cached.fetchedAt)})`)
      await Promise.all([cache.touch(scope, request.name, selector), cache.count('hits')])
      results[index] = cached.secret
      continue
    }

    if (cached) {
      const store = await context.store()
      const confirmed = await confirmUnchanged(context, store, cached, selector).catch(async (error: unknown) => {
        if (error instanceof NotFoundError) await cache.invalidate(scope, [request.name]).catch(() => 0)
        throw error
      })
      if (confirmed === 'stale') {
        results[index] = await serveStale(context, cache, cached)
        continue
      }

      if (confirmed) {
        context.debug(`cache: ${request.name} unchanged (DescribeSecret); refreshed without GetSecretValue`)
        await guarded(context, 'write', () =>
          cache.save({...cached, secret: {...cached.secret, stages: confirmed.stages}, fetchedAt: now()}),
        )
        await cache.count('refreshes')
        results[index] = cached.secret
        continue
      }
    }

    pending.push({index, request, selector, cached})
  }

  const fetched = await fetchEach(
    context,
    pending.map(({request}) => request),
  )
  for (const [position, {index, request, selector, cached}] of pending.entries()) {
    const outcome = fetched[position]
    if ('error' in outcome) {
      const {error} = outcome
      if (cached && context.allowStale && error instanceof UnavailableError) {
        results[index] = await serveStale(context, cache, cached)
        continue
      }

      if (cached && error instanceof NotFoundError) await cache.invalidate(scope, [request.name]).catch(() => 0)
      throw error
    }

    results[index] = outcome.secret
    if (!selector) continue
    context.debug(`cache: ${cached ? 'changed' : 'miss'} for ${request.name}; stored`)
    await guarded(context, 'write', () =>
      cache.save({scope, secretId: request.name, selector, secret: outcome.secret, fetchedAt: now()}),
    )
    await cache.count('misses')
  }

  return results as SecretVersionValue[]
}

/** Reads without the cache; the first error (in request order) is thrown. */
async function fetchAll(context: CachedReadContext, requests: CachedReadRequest[]): Promise<SecretVersionValue[]> {
  return (await fetchEach(context, requests)).map((outcome) => {
    if ('error' in outcome) throw outcome.error
    return outcome.secret
  })
}

type FetchOutcome = {secret: SecretVersionValue} | {error: unknown}

/**
 * One outcome per request, in order. Current values of several secrets go in one batch where
 * the store has one (the AWS store: BatchGetSecretValue); anything else is one read each.
 */
async function fetchEach(context: CachedReadContext, requests: CachedReadRequest[]): Promise<FetchOutcome[]> {
  if (requests.length === 0) return []
  const store = await context.store()
  const isCurrent = (request: CachedReadRequest) =>
    !request.versionId && (request.versionStage ?? AWSCURRENT) === AWSCURRENT
  const batchable = [...new Set(requests.filter(isCurrent).map((request) => request.name))]
  const batched = new Map<string, FetchOutcome>()
  if (store.getCurrentValues && batchable.length > 1) {
    for (const outcome of await store.getCurrentValues(batchable)) {
      batched.set(outcome.name, 'error' in outcome ? {error: outcome.error} : {secret: outcome.secret})
    }
  }

  const outcomes: FetchOutcome[] = []
  for (const request of requests) {
    const fromBatch = isCurrent(request) ? batched.get(request.name) : undefined
    if (fromBatch) {
      outcomes.push(fromBatch)
      continue
    }

    try {
      outcomes.push({
        secret: await store.getValue(request.name, {versionId: request.versionId, versionStage: request.versionStage}),
      })
    } catch (error) {
      outcomes.push({error})
    }
  }

  return outcomes
}

/**
 * Past the TTL: is the cached version still the one asked for? Returns its current stages when
 * it is, undefined when it changed (or cannot be told), 'stale' when the store did not answer
 * and a stale value may be served.
 */
async function confirmUnchanged(
  context: CachedReadContext,
  store: SecretStore,
  cached: CacheEntry,
  selector: VersionSelector,
): Promise<{stages: string[]} | 'stale' | undefined> {
  let description: SecretDescription
  try {
    description = await store.describe(cached.secretId)
  } catch (error) {
    if (context.allowStale && error instanceof UnavailableError) return 'stale'
    // Least-privilege policies often grant GetSecretValue alone: read the value instead.
    if (error instanceof AccessDeniedError) {
      context.debug('cache: DescribeSecret denied; comparing by GetSecretValue instead')
      return undefined
    }

    throw error
  }

  if (description.deletedDate) return undefined
  const cachedVersion = cached.secret.versionId
  const stages = description.versions[cachedVersion]
  if (!stages) return undefined
  if ('versionStage' in selector && !stages.includes(selector.versionStage)) return undefined
  return {stages}
}

async function serveStale(
  context: CachedReadContext,
  cache: SecretCache,
  cached: CacheEntry,
): Promise<SecretVersionValue> {
  const now = context.now ?? Date.now
  context.warn(
    `serving the cached value of ${cached.secretId} from ${seconds(now() - cached.fetchedAt)} ago (--allow-stale): the store did not answer (throttled or unavailable after retries).`,
  )
  await cache.count('stale')
  return cached.secret
}

const warnedUnusable = new WeakSet<CachedReadContext>()

/**
 * A cache that cannot be read or written this run is skipped and the read goes on. A cache
 * that cannot be used at all (its keychain does not answer, its directory is not private) is
 * said once on stderr, since every read then costs a call; anything else is a --debug line.
 */
async function guarded<T>(context: CachedReadContext, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work()
  } catch (error) {
    // A cache directory another user could write to is refused, as the local store's is.
    if (error instanceof UsageError) throw error
    if (error instanceof KeychainUnavailableError || error instanceof CacheUnusableError) {
      if (!warnedUnusable.has(context))
        context.warn(
          `the cache is skipped this run: ${error instanceof KeychainUnavailableError ? `the OS keychain holding its key did not answer (${error.reason})` : error.message}.`,
        )
      warnedUnusable.add(context)
    } else {
      context.debug(`cache: ${what} skipped (${describeFailure(error)})`)
    }

    return undefined
  }
}

function describeFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.constructor?.name ?? 'error'
}
