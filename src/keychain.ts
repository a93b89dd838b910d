// The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux)
// behind a tiny interface, so the local store and the roadmap's cache keep their keys there
// and tests can substitute their own. The native binding is imported only when a keychain
// is actually used, and every call is time-bounded: a desktop-less Linux box with a D-Bus
// session but no usable Secret Service must fall back or fail, never hang.
import {readBooleanEnv} from './env-settings.js'
import {UnavailableError} from './errors.js'

/** The keychain service name every secretsmith entry lives under. */
export const KEYCHAIN_SERVICE = 'secretsmith'

/** Long enough for a desktop unlock prompt to be answered, short enough that a dead bus fails. */
const DEFAULT_KEYCHAIN_TIMEOUT_MS = 20_000

export interface Keychain {
  /** A short phrase for messages, e.g. "the OS keychain". */
  readonly label: string
  /** The stored secret, or undefined when there is no entry. */
  get(account: string): Promise<string | undefined>
  set(account: string, secret: string): Promise<void>
  /** True when an entry was removed. */
  delete(account: string): Promise<boolean>
}

/** The keychain did not answer (no Secret Service, locked, timed out, or the binding failed to load). */
export class KeychainUnavailableError extends UnavailableError {
  /** Why, as a phrase for a longer message, e.g. "reading failed: unlock prompt was dismissed". */
  readonly reason: string

  constructor(reason: string) {
    super(`The OS keychain did not answer (${reason}).`)
    this.reason = reason
  }
}

type Environment = Record<string, string | undefined>

/**
 * SECRETSMITH_KEYCHAIN=off (or 0/false/no) forces the key-file fallback, e.g. in tests and
 * containers; on (or 1/true/yes/os) or unset uses the OS keychain; anything else is refused.
 */
export function keychainDisabledByEnvironment(env: Environment = process.env): boolean {
  return readBooleanEnv(env, 'SECRETSMITH_KEYCHAIN', ['os']) === false
}

/**
 * SECRETSMITH_KEYCHAIN=on (or 1/true/yes/os), set explicitly: the user asks for the keychain, so
 * a local store whose key is still in a key file moves it there. Unset leaves a key file alone.
 */
export function keychainRequestedByEnvironment(env: Environment = process.env): boolean {
  return readBooleanEnv(env, 'SECRETSMITH_KEYCHAIN', ['os']) === true
}

/** The keytar-compatible calls secretsmith uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface OsKeychainOptions {
  service?: string
  timeoutMs?: number
  /** Loads the binding; default @napi-rs/keyring's keytar API. Tests pass one that stalls or fails. */
  loadBinding?: () => Promise<KeytarApi>
}

/** The machine's keychain through @napi-rs/keyring's keytar-compatible API. */
export function osKeychain(options: OsKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
  let api: Promise<KeytarApi> | undefined

  const load = (): Promise<KeytarApi> => {
    api ??= (options.loadBinding ?? loadKeytar)().catch((error: unknown) => {
      throw new KeychainUnavailableError(`the keyring binding could not be loaded: ${describeFailure(error)}`)
    })
    return api
  }

  const call = async <T>(operation: string, run: (keytar: KeytarApi) => Promise<T>): Promise<T> =>
    withTimeout(
      load().then(run),
      timeoutMs,
      () =>
        new KeychainUnavailableError(
          `${operation} took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)}s` : `${timeoutMs}ms`}`,
        ),
    ).catch((error: unknown) => {
      if (error instanceof KeychainUnavailableError) throw error
      // The usual headless-Linux case, where the binding only says "AccessDenied".
      const hint =
        process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS
          ? '; no D-Bus session bus, so no Secret Service'
          : ''
      throw new KeychainUnavailableError(`${operation} failed: ${describeFailure(error)}${hint}`)
    })

  return {
    label: 'the OS keychain',
    async get(account) {
      const secret = await call('reading', (keytar) => keytar.getPassword(service, account))
      return secret ?? undefined
    },
    async set(account, secret) {
      await call('writing', (keytar) => keytar.setPassword(service, account, secret))
    },
    async delete(account) {
      return call('deleting', (keytar) => keytar.deletePassword(service, account))
    },
  }
}

async function loadKeytar(): Promise<KeytarApi> {
  const module = await import('@napi-rs/keyring/keytar.js')
  return (module as {default?: KeytarApi}).default ?? module
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

// The binding's messages name the platform failure ("Secret Service: unlock prompt was
// dismissed"); they never contain the stored secret, which we never pass in an error path.
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (
    message
      .split('\n')[0]
      .replace(/^Couldn't access platform storage:\s*/, '')
      .slice(0, 200) || 'unknown error'
  )
}
