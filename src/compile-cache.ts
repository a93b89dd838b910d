// Turns on Node's compile cache (Node 22.1 and later) before the bundle loads, so later runs
// skip parsing and compiling secretsmith's code; on Node 20 it does nothing. The cache holds
// code, so it is used only from a directory this user owns and nobody else can write to.
import {lstatSync, mkdirSync} from 'node:fs'
import module from 'node:module'

import {resolveCompileCacheDir} from './paths.js'

type EnableCompileCache = (directory: string) => {status: number; directory?: string}

/** Enables the cache where the running Node has it; returns the directory used, if any. */
export function enableCompileCache(env: Record<string, string | undefined> = process.env): string | undefined {
  const enable = (module as unknown as {enableCompileCache?: EnableCompileCache}).enableCompileCache
  // Node's own NODE_DISABLE_COMPILE_CACHE=1 turns it off (Node then refuses to enable it).
  if (typeof enable !== 'function' || env.NODE_DISABLE_COMPILE_CACHE) return undefined
  let directory: string
  try {
    directory = resolveCompileCacheDir(env)
    mkdirSync(directory, {recursive: true, mode: 0o700})
    const stat = lstatSync(directory)
    const uid = process.getuid?.()
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined
    enable(directory)
    return directory
  } catch {
    // A start-up speed-up only: an unwritable cache directory never stops a command.
    return undefined
  }
}
