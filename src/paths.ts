// Where secretsmith keeps things on this machine: the local store (data) and, for the
// roadmap's client-side cache, a cache directory. Resolved from the environment only, so a
// test or a runbook points everything elsewhere with one variable (SECRETSMITH_HOME).
import {homedir} from 'node:os'
import {isAbsolute, join, resolve} from 'node:path'

import {UsageError} from './errors.js'

type Environment = Record<string, string | undefined>

const APP_DIR = 'secretsmith'

/**
 * The local store's directory: $SECRETSMITH_HOME, else $XDG_DATA_HOME/secretsmith, else
 * ~/.local/share/secretsmith.
 */
export function resolveDataDir(env: Environment = process.env, home?: string): string {
  const explicit = nonEmpty(env.SECRETSMITH_HOME)
  if (explicit) return resolve(explicit)
  return join(xdgBase(env.XDG_DATA_HOME) ?? join(home ?? homeDirectory(), '.local', 'share'), APP_DIR)
}

/**
 * The client-side cache's directory: $SECRETSMITH_HOME/cache when SECRETSMITH_HOME is set (so
 * one variable isolates everything), else $XDG_CACHE_HOME/secretsmith, else ~/.cache/secretsmith.
 */
export function resolveCacheDir(env: Environment = process.env, home?: string): string {
  const explicit = nonEmpty(env.SECRETSMITH_HOME)
  if (explicit) return join(resolve(explicit), 'cache')
  return join(xdgBase(env.XDG_CACHE_HOME) ?? join(home ?? homeDirectory(), '.cache'), APP_DIR)
}

/**
 * Node's compile cache (V8 code for secretsmith's own modules): $XDG_CACHE_HOME/secretsmith/
 * node-compile-cache, else ~/.cache/secretsmith/node-compile-cache. Never under SECRETSMITH_HOME,
 * which holds data: nothing that becomes code is kept where the tool writes data.
 */
export function resolveCompileCacheDir(env: Environment = process.env, home?: string): string {
  return join(xdgBase(env.XDG_CACHE_HOME) ?? join(home ?? homeDirectory(), '.cache'), APP_DIR, 'node-compile-cache')
}

/**
 * The home directory, looked up only when a path needs it: os.homedir() throws when HOME is
 * unset and the uid has no passwd entry (a container run as an arbitrary uid).
 */
function homeDirectory(): string {
  try {
    return homedir()
  } catch {
    throw new UsageError(
      'No home directory is known (HOME is unset and this user has no passwd entry); set HOME or SECRETSMITH_HOME.',
    )
  }
}

// The XDG Base Directory spec says relative paths in these variables are invalid and must be ignored.
function xdgBase(value: string | undefined): string | undefined {
  const path = nonEmpty(value)
  return path && isAbsolute(path) ? path : undefined
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
