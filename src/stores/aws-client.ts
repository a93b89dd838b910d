// Builds the Secrets Manager client from StoreOptions on top of the SDK's own resolution:
// the SDK reads AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL(_SECRETS_MANAGER), AWS_MAX_ATTEMPTS,
// AWS_RETRY_MODE, AWS_USE_FIPS_ENDPOINT and the shared config files itself; explicit options
// (the --region/--profile/... flags) are passed as client config, which wins over all of those.
// Also attaches the --debug call log (operation, status, attempts, latency: never parameters).
import type {SecretsManagerClient, SecretsManagerClientConfig} from '@aws-sdk/client-secrets-manager'

import {UsageError} from '../errors.js'
import {shownErrorName} from './aws-errors.js'
import type {StoreOptions} from './store.js'
import {plural} from '../wording.js'

type SecretsManagerModule = typeof import('@aws-sdk/client-secrets-manager')

export interface AwsClientSettings {
  region: string
  /** Where credentials are looked for, in words, for error messages. */
  credentialSource: string
  /** A custom endpoint (flag or environment), when one is in use. */
  endpoint?: string
  maxAttempts: number
  retryMode: string
  /** How long one attempt waits for an answer before it is abandoned (and retried). */
  attemptTimeoutMs: number
  /** The profile named by --profile or AWS_PROFILE, if any. */
  profile?: string
}

/**
 * Test and slow-network knobs, read from the environment because they are not user-facing
 * flags. SECRETSMITH_AWS_RETRY_BASE_MS sets the base of the exponential retry backoff (jitter
 * kept; the SDK's default is 50 ms, 1 s after throttling); SECRETSMITH_AWS_TIMEOUT_MS the
 * per-attempt timeout (default 8 s).
 */
const RETRY_BASE_ENV = 'SECRETSMITH_AWS_RETRY_BASE_MS'
const TIMEOUT_ENV = 'SECRETSMITH_AWS_TIMEOUT_MS'

// A server that accepts the connection and never answers must not hold a command for minutes:
// with the default 3 attempts, 3 × 8 s plus backoff gives up within 30 s. Secrets Manager
// answers in well under a second, so 8 s per attempt still leaves a slow link plenty of room.
const DEFAULT_REQUEST_TIMEOUT_MS = 8000
const CONNECTION_TIMEOUT_MS = 5000
const MAXIMUM_RETRY_DELAY_MS = 20_000
const REGION_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/

export async function createSecretsManagerClient(
  sdk: SecretsManagerModule,
  options: StoreOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{client: SecretsManagerClient; settings: AwsClientSettings}> {
  const endpoint = options.endpointUrl === undefined ? configuredEndpoint(env) : checkEndpointUrl(options.endpointUrl)
  if (options.endpointUrl !== undefined && (options.fips || options.dualstack)) {
    throw new UsageError(
      `--${options.fips ? 'fips' : 'dualstack'} cannot be combined with --endpoint-url: a custom endpoint is used as given.`,
    )
  }

  if (options.region !== undefined) checkRegion(options.region, '--region')
  // The SDK reads AWS_REGION and the profile's region but not AWS_DEFAULT_REGION, which the
  // AWS CLI honours between the two; keep the CLI's order.
  const regionOverride = options.region ?? (env.AWS_REGION ? undefined : env.AWS_DEFAULT_REGION || undefined)

  const timeoutMs = readPositiveIntegerEnv(env, TIMEOUT_ENV) ?? DEFAULT_REQUEST_TIMEOUT_MS
  const retryBaseMs = readPositiveIntegerEnv(env, RETRY_BASE_ENV, {allowZero: true})
  const logger = sdkLogger(options.debug)
  const config: SecretsManagerClientConfig = {
    region: regionOverride,
    profile: options.profile,
    endpoint: options.endpointUrl,
    // Absent flags are false; pass undefined so AWS_USE_FIPS_ENDPOINT / the profile still apply.
    useFipsEndpoint: options.fips ? true : undefined,
    useDualstackEndpoint: options.dualstack ? true : undefined,
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
    logger,
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, timeoutMs),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
      logger,
    },
    streamCollector: collectBody,
  }

  if (retryBaseMs !== undefined) {
    const {StandardRetryStrategy, AdaptiveRetryStrategy} = await import('@smithy/core/retry')
    // Built on first use from the client's own resolved maxAttempts/retryMode, so the SDK's
    // precedence (config > env > shared config > default) is kept; only the backoff changes.
    config.retryStrategy = lazyRetryStrategy(async () => {
      const resolved = client.config
      const maxAttempts = await resolved.maxAttempts()
      const mode = await resolveProvider(resolved.retryMode)
      const backoff = jitteredBackoff(retryBaseMs)
      return mode === 'adaptive'
        ? new AdaptiveRetryStrategy(maxAttempts, {maxAttempts, backoff})
        : new StandardRetryStrategy({maxAttempts, backoff})
    })
  }

  // The retry strategy above reads `client` only once a call is made, after this line.
  const client = new sdk.SecretsManagerClient(config)
  try {
    const settings = await resolveSettings(client, options, env, endpoint)
    if (options.debug) attachDebugLog(client, options.debug)
    if (options.onRequest) attachRequestCounter(client, options.onRequest)
    options.debug?.(
      `aws store: region ${settings.region}, ${settings.credentialSource}, ${settings.endpoint ? `endpoint ${settings.endpoint}, ` : ''}` +
        `retry ${settings.retryMode} x${settings.maxAttempts}${retryBaseMs === undefined ? '' : `, backoff base ${retryBaseMs} ms`}, ` +
        `timeouts: connect ${Math.min(CONNECTION_TIMEOUT_MS, timeoutMs)} ms, attempt ${timeoutMs} ms`,
    )
    return {client, settings}
  } catch (error) {
    client.destroy()
    throw error
  }
}

async function resolveSettings(
  client: SecretsManagerClient,
  options: StoreOptions,
  env: NodeJS.ProcessEnv,
  endpoint: string | undefined,
): Promise<AwsClientSettings> {
  let region: string | undefined
  try {
    region = await client.config.region()
  } catch {
    region = undefined
  }

  if (!region) {
    throw new UsageError(
      `No AWS region is configured${options.profile ? ` for profile ${options.profile}` : ''}: pass --region or set AWS_REGION (or set region in ~/.aws/config).`,
    )
  }

  checkRegion(region, options.region ? '--region' : 'the configured region')

  let maxAttempts: number
  try {
    maxAttempts = await client.config.maxAttempts()
  } catch {
    throw new UsageError('AWS_MAX_ATTEMPTS (or max_attempts in ~/.aws/config) must be a whole number from 1 to 20.')
  }

  // The SDK silently falls back to 3 for a malformed AWS_MAX_ATTEMPTS; say so instead.
  const fromEnvironment = env.AWS_MAX_ATTEMPTS
  if (options.maxAttempts === undefined && fromEnvironment && !/^\d+$/.test(fromEnvironment.trim()))
    maxAttempts = Number.NaN
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new UsageError('AWS_MAX_ATTEMPTS (or max_attempts in ~/.aws/config) must be a whole number from 1 to 20.')
  }

  const retryMode = String(await resolveProvider(client.config.retryMode).catch(() => 'standard'))
  if (!['standard', 'adaptive', 'legacy'].includes(retryMode)) {
    throw new UsageError('AWS_RETRY_MODE (or retry_mode in ~/.aws/config) must be standard or adaptive.')
  }

  const attemptTimeoutMs = readPositiveIntegerEnv(env, TIMEOUT_ENV) ?? DEFAULT_REQUEST_TIMEOUT_MS
  const profile = options.profile ?? (env.AWS_PROFILE || undefined)
  return {
    region,
    credentialSource: describeCredentialSource(options.profile, env),
    endpoint,
    maxAttempts,
    retryMode,
    attemptTimeoutMs,
    profile,
  }
}

/**
 * The profile in use, when neither shared config file has it: asked only after credentials
 * could not be found, so that message can say what the AWS CLI says. (Up front it would
 * refuse setups where the chain still finds credentials, e.g. from instance metadata.)
 */
export async function findMissingProfile(settings: AwsClientSettings): Promise<string | undefined> {
  if (settings.profile === undefined) return undefined
  try {
    const {loadSharedConfigFiles} = await import('@smithy/core/config')
    const {configFile, credentialsFile} = await loadSharedConfigFiles()
    return settings.profile in configFile || settings.profile in credentialsFile ? undefined : settings.profile
  } catch {
    return undefined
  }
}

/** Where the default chain will look first, in words for an error message. */
function describeCredentialSource(profile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (profile) return `profile ${profile}`
  if (env.AWS_PROFILE) return `profile ${env.AWS_PROFILE} (from AWS_PROFILE)`
  if (env.AWS_ACCESS_KEY_ID) return 'credentials from AWS_ACCESS_KEY_ID'
  return 'the default profile and credential chain'
}

/**
 * Reads a response body into bytes, as the SDK's own collector does for the Node stream its
 * HTTP handler answers with. The SDK's first asks whether the body is a web ReadableStream, and
 * that first look at the global loads Node's web streams implementation on every call.
 */
async function collectBody(body: unknown): Promise<Uint8Array> {
  if (typeof (body as AsyncIterable<Uint8Array>)?.[Symbol.asyncIterator] !== 'function') {
    // A Blob (the SDK's types allow one); a Node or web stream is async-iterable.
    return new Uint8Array(await (body as Blob).arrayBuffer())
  }

  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    chunks.push(chunk)
    length += chunk.byteLength
  }

  // A copy of its own, as the SDK's collector makes: a chunk may be a view on a shared pool.
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }

  return bytes
}

/** Config fields may hold a value or a provider of it. */
async function resolveProvider<T>(value: T | (() => Promise<T>)): Promise<T> {
  return typeof value === 'function' ? (value as () => Promise<T>)() : value
}

function checkEndpointUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(
      '--endpoint-url must be an absolute URL, e.g. https://vpce-0123-abcd.secretsmanager.us-east-1.vpce.amazonaws.com.',
    )
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError('--endpoint-url must be an http:// or https:// URL.')
  }

  if (url.username || url.password) {
    throw new UsageError('--endpoint-url must not contain a user name or password.')
  }

  return url.origin + (url.pathname === '/' ? '' : url.pathname)
}

/** The endpoint the SDK will pick up from the environment, if any (for messages only). */
function configuredEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined
  const value = env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL
  if (!value) return undefined
  try {
    const url = new URL(value)
    return url.origin
  } catch {
    return undefined
  }
}

function checkRegion(region: string, origin: string): void {
  if (!REGION_PATTERN.test(region) || region.length > 50) {
    throw new UsageError(`${origin} is not a valid AWS region name (e.g. us-east-1).`)
  }
}

function readPositiveIntegerEnv(env: NodeJS.ProcessEnv, name: string, {allowZero = false} = {}): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 600_000) {
    throw new UsageError(`${name} must be a whole number of milliseconds.`)
  }

  return value
}

/** Exponential backoff with full jitter from a chosen base, capped like the SDK's. */
function jitteredBackoff(baseMs: number) {
  return {
    computeNextBackoffDelay: (retryCount: number) =>
      Math.floor(Math.random() * Math.min(baseMs * 2 ** retryCount, MAXIMUM_RETRY_DELAY_MS)),
    // The SDK switches the base to 1 s after throttling; with an explicit base, keep ours.
    setDelayBase: () => {},
  }
}

type RetryStrategyV2 = Extract<
  NonNullable<SecretsManagerClientConfig['retryStrategy']>,
  {acquireInitialRetryToken: unknown}
>

/** A RetryStrategyV2 that builds the real one on first use (the client must exist first). */
function lazyRetryStrategy(build: () => Promise<RetryStrategyV2>): RetryStrategyV2 {
  let strategy: Promise<RetryStrategyV2> | undefined
  const get = () => (strategy ??= build())
  return {
    acquireInitialRetryToken: async (scope) => (await get()).acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, errorInfo) => (await get()).refreshRetryTokenForRetry(token, errorInfo),
    recordSuccess: (token) => {
      // recordSuccess only follows an acquired token, so the strategy exists by now.
      void get().then((built) => built.recordSuccess(token))
    },
  }
}

/**
 * The SDK's logger: info/debug carry request and response shapes, so they are dropped;
 * warnings (e.g. "multiple credential sources") go to --debug, folded to one line. Without a logger
 * of ours the SDK would print those warnings on stderr, which carries only our messages.
 */
function sdkLogger(debug: StoreOptions['debug']) {
  const oneLine = (args: unknown[]) =>
    args
      .filter((arg): arg is string => typeof arg === 'string')
      .join(' ')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(0, 3)
      .join(' ')
      .slice(0, 240)
  // Only string messages are passed on: the SDK also logs objects holding the request input.
  const forward =
    (kind: string) =>
    (...args: unknown[]) => {
      const line = oneLine(args)
      if (line) debug?.(`aws sdk ${kind}: ${line}`)
    }

  return {trace: () => {}, debug: () => {}, info: () => {}, warn: forward('warning'), error: forward('error')}
}

/** Input fields that name a secret; everything else in an input is never logged. */
function secretNameOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined
  const {SecretId, Name} = input as {SecretId?: unknown; Name?: unknown}
  if (typeof SecretId === 'string') return SecretId
  if (typeof Name === 'string') return Name
  return undefined
}

/**
 * --debug: one line per attempt (HTTP status or network error, latency) and one per call
 * (final status, attempts, total latency). Reads only the command name, the secret name,
 * status codes, error names and timings.
 */
function attachDebugLog(client: SecretsManagerClient, debug: (message: string) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '')
      const name = secretNameOf(args.input)
      const label = `aws ${operation}${name ? ` ${name}` : ''}`
      const started = performance.now()
      try {
        const result = await next(args)
        const metadata = (result.output as {$metadata?: {httpStatusCode?: number; attempts?: number}}).$metadata
        debug(
          `${label} -> HTTP ${metadata?.httpStatusCode ?? '?'} in ${elapsed(started)} (${plural(metadata?.attempts ?? 1, 'attempt')})`,
        )
        return result
      } catch (error) {
        const shape = error as {name?: string; code?: string; $metadata?: {httpStatusCode?: number; attempts?: number}}
        const status = shape.$metadata?.httpStatusCode
        debug(
          `${label} -> ${status ? `HTTP ${status} ` : ''}${shownErrorName(shape.code ?? shape.name)} in ${elapsed(started)}` +
            ` (${plural(shape.$metadata?.attempts ?? 1, 'attempt')})`,
        )
        throw error
      }
    },
    {step: 'initialize', name: 'secretsmithDebugCallLog', priority: 'high', override: true},
  )

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '')
      const request = args.request as {headers?: Record<string, string>}
      const attempt = /attempt=(\d+)/.exec(request.headers?.['amz-sdk-request'] ?? '')?.[1] ?? '?'
      const started = performance.now()
      try {
        const result = await next(args)
        const status = (result.response as {statusCode?: number}).statusCode
        debug(`  ${operation} attempt ${attempt}: HTTP ${status ?? '?'} in ${elapsed(started)}`)
        return result
      } catch (error) {
        const shape = error as {name?: string; code?: string}
        debug(`  ${operation} attempt ${attempt}: ${shownErrorName(shape.code ?? shape.name)} in ${elapsed(started)}`)
        throw error
      }
    },
    {step: 'deserialize', name: 'secretsmithDebugAttemptLog', priority: 'low', override: true},
  )
}

/** One callback per HTTP request sent (each retry is one more), as a server would count them. */
function attachRequestCounter(client: SecretsManagerClient, onRequest: (operation: string) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      onRequest(String(context.commandName ?? 'Unknown').replace(/Command$/, ''))
      return next(args)
    },
    {step: 'finalizeRequest', name: 'secretsmithRequestCounter', priority: 'low', override: true},
  )
}

function elapsed(started: number): string {
  return `${Math.round(performance.now() - started)} ms`
}
