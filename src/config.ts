// Defaults set once: a JSON file ($SECRETSMITH_CONFIG, else $XDG_CONFIG_HOME/secretsmith/config.json,
// else ~/.config/secretsmith/config.json) holding default settings and named contexts that
// bundle them (--context prod). It holds where secrets live, never a secret: only known keys
// of known shapes are accepted, and a string that looks like a credential is refused.
// Read synchronously and validated by hand, because every command reads it before it starts.
import {readFileSync, statSync} from 'node:fs'
import {homedir, userInfo} from 'node:os'
import {isAbsolute, join} from 'node:path'

import {UsageError} from './errors.js'

export interface ConfigSettings {
  store?: 'aws' | 'local'
  region?: string
  profile?: string
  endpointUrl?: string
  /** Seconds a cached value is served without asking the service (0: no cache). */
  cacheTtl?: number
  strict?: boolean
}

export interface ConfigFile {
  path: string
  defaults: ConfigSettings
  contexts: Record<string, ConfigSettings>
}

type Environment = Record<string, string | undefined>

const SETTING_RULES: Record<keyof ConfigSettings, {describe: string; check: (value: unknown) => boolean}> = {
  store: {describe: '"aws" or "local"', check: (value) => value === 'aws' || value === 'local'},
  region: {
    describe: 'a region name such as "eu-west-1"',
    check: (value) => typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value),
  },
  profile: {describe: 'a profile name', check: (value) => typeof value === 'string' && /^[\w+.@-]{1,64}$/.test(value)},
  endpointUrl: {describe: 'an http(s) URL without a user name or password', check: isEndpointUrl},
  cacheTtl: {
    describe: 'whole seconds from 0 to 86400',
    check: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 86_400,
  },
  strict: {describe: 'true or false', check: (value) => typeof value === 'boolean'},
}

const TOP_LEVEL_KEYS = new Set(['defaults', 'contexts', '$schema'])
const CONTEXT_NAME = /^[\w.-]{1,64}$/

function resolveConfigPath(env: Environment = process.env, home: string = homedir()): string {
  if (env.SECRETSMITH_CONFIG?.trim()) return env.SECRETSMITH_CONFIG
  const xdg = env.XDG_CONFIG_HOME?.trim()
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'secretsmith', 'config.json')
}

/** The config file, or undefined when there is none. Throws a UsageError (exit 2) naming the file and the key. */
export function loadConfig(env: Environment = process.env): ConfigFile | undefined {
  const path = resolveConfigPath(env)
  let text: string
  try {
    const stats = statSync(path)
    refuseUnsafe(path, stats)
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    if (error instanceof UsageError) throw error
    throw new UsageError(
      `The config file ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    )
  }

  return parseConfig(text, path)
}

export function parseConfig(text: string, path: string): ConfigFile {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new UsageError(`The config file ${path} is not valid JSON.`)
  }

  if (!isObject(parsed))
    throw new UsageError(`The config file ${path} must hold one JSON object with "defaults" and "contexts".`)
  for (const key of Object.keys(parsed)) {
    if (!TOP_LEVEL_KEYS.has(key))
      throw new UsageError(`The config file ${path} has an unknown key ${quoteKey(key)} (allowed: defaults, contexts).`)
  }

  const defaults = parsed.defaults === undefined ? {} : settingsAt(parsed.defaults, 'defaults', path)
  const contexts: Record<string, ConfigSettings> = {}
  if (parsed.contexts !== undefined) {
    if (!isObject(parsed.contexts)) throw new UsageError(`In ${path}, "contexts" must be an object of name → settings.`)
    for (const [name, settings] of Object.entries(parsed.contexts)) {
      if (!CONTEXT_NAME.test(name))
        throw new UsageError(`In ${path}, context names are letters, digits, _ . and - (${quoteKey(name)} is not).`)
      contexts[name] = settingsAt(settings, `contexts.${name}`, path)
    }
  }

  return {path, defaults, contexts}
}

function settingsAt(value: unknown, where: string, path: string): ConfigSettings {
  if (!isObject(value)) throw new UsageError(`In ${path}, ${where} must be an object of settings.`)
  const settings: Record<string, unknown> = {}
  for (const [key, setting] of Object.entries(value)) {
    const rule = SETTING_RULES[key as keyof ConfigSettings]
    if (!rule) {
      throw new UsageError(
        `In ${path}, ${where} has an unknown key ${quoteKey(key)}; the config file holds settings (${Object.keys(SETTING_RULES).join(', ')}), never secrets.`,
      )
    }

    // The value is never repeated: a secret pasted in the wrong place must not reach the screen.
    if (typeof setting === 'string' && looksLikeCredential(setting)) {
      throw new UsageError(`In ${path}, ${where}.${key} looks like a credential; the config file never holds secrets.`)
    }

    if (!rule.check(setting)) throw new UsageError(`In ${path}, ${where}.${key} must be ${rule.describe}.`)
    settings[key] = setting
  }

  return settings
}

/** AWS access key ids, and long strings mixing letters, digits and symbols as generated secrets do. */
function looksLikeCredential(value: string): boolean {
  if (/\b(AKIA|ASIA)[A-Z0-9]{16}\b/.test(value)) return true
  if (isEndpointUrl(value)) return false
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^\w]/].filter((pattern) => pattern.test(value)).length
  return value.length >= 20 && classes >= 3
}

function isEndpointUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
  } catch {
    return false
  }
}

/** A config file is trusted like ~/.ssh/config: yours, and writable by nobody else. */
function refuseUnsafe(path: string, stats: {uid: number; mode: number}): void {
  const uid = userInfo().uid
  if (uid >= 0 && stats.uid !== uid && stats.uid !== 0) {
    throw new UsageError(
      `The config file ${path} belongs to another user (uid ${stats.uid}); it was not read. Use a file of your own.`,
    )
  }

  if ((stats.mode & 0o022) !== 0) {
    throw new UsageError(
      `The config file ${path} can be changed by others (mode ${(stats.mode & 0o777).toString(8)}); it was not read. Run chmod 600 ${path}.`,
    )
  }
}

/** Keys are shown (they are names), shortened and stripped of control characters. */
function quoteKey(key: string): string {
  if (looksLikeCredential(key)) return '(a key that looks like a credential)'
  const printable = key.replaceAll(/[^\x20-\x7E]/g, '?')
  return `"${printable.length > 40 ? `${printable.slice(0, 40)}…` : printable}"`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** One effective setting and where it came from, for --debug and doctor. */
export interface ResolvedSetting {
  value: string
  source: string
}

/** The settings a command may take from the config, the flag that carries each, and the environment variables that beat the file. */
const LAYERED: Array<{setting: keyof ConfigSettings; flag: string; env: string[]}> = [
  {setting: 'store', flag: 'store', env: ['SECRETSMITH_STORE']},
  {setting: 'region', flag: 'region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION']},
  {setting: 'profile', flag: 'profile', env: ['AWS_PROFILE']},
  {setting: 'endpointUrl', flag: 'endpoint-url', env: ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL']},
  {setting: 'cacheTtl', flag: 'cache-ttl', env: ['SECRETSMITH_CACHE_TTL']},
  {setting: 'strict', flag: 'strict', env: ['SECRETSMITH_STRICT']},
]

export interface LayerInput {
  /** Flags given on the command line (names without dashes). */
  givenFlags: Set<string>
  /** The parsed flag values. */
  flags: Record<string, unknown>
  env: Environment
  config?: ConfigFile
  /** --context or SECRETSMITH_CONTEXT. */
  context?: {name: string; from: string}
}

/**
 * The effective settings, in the order flag, environment, context, the file's defaults,
 * built-in default; and the values the file supplies for flags that were not given (the
 * caller sets them on the parsed flags). Settings nobody set are left out.
 */
export function layerSettings(input: LayerInput): {
  settings: Record<string, ResolvedSetting>
  fromConfig: Record<string, unknown>
} {
  const {config} = input
  let contextSettings: ConfigSettings | undefined
  if (input.context) {
    contextSettings = config?.contexts[input.context.name]
    if (!contextSettings) {
      const known = config ? Object.keys(config.contexts) : []
      throw new UsageError(
        `No context ${input.context.name} (${input.context.from}) in ${config?.path ?? resolveConfigPath(input.env)}${known.length > 0 ? `; known: ${known.join(', ')}` : '; define it under "contexts"'}.`,
      )
    }
  }

  const settings: Record<string, ResolvedSetting> = {}
  const fromConfig: Record<string, unknown> = {}
  for (const {setting, flag, env} of LAYERED) {
    if (input.givenFlags.has(flag)) {
      settings[flag] = {value: String(input.flags[flag]), source: `flag --${flag}`}
      continue
    }

    const variable = env.find((name) => input.env[name]?.trim())
    if (variable) {
      settings[flag] = {value: String(input.env[variable]), source: `environment ${variable}`}
      continue
    }

    const layered =
      contextSettings?.[setting] === undefined
        ? config?.defaults[setting] === undefined
          ? undefined
          : {value: config.defaults[setting], source: `config file ${config.path}`}
        : {value: contextSettings[setting], source: `context ${input.context!.name} (${config!.path})`}
    if (layered) {
      settings[flag] = {value: String(layered.value), source: layered.source}
      fromConfig[flag] = layered.value
    } else if (setting === 'store') {
      settings[flag] = {value: String(input.flags.store ?? 'aws'), source: 'built-in default'}
    }
  }

  return {settings, fromConfig}
}
