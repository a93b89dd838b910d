// Which files and directories the local store trusts, checked the way ssh checks ~/.ssh: the
// store directory, its key file and its records must belong to the current user and be
// writable by nobody else, and no directory above the store may let another user replace
// it (writable by others without the sticky bit, or owned by someone other than root or the
// user). Anything else is refused with one line naming the path and the fix (exit 2):
// another user who can write there could plant a key and records of their choosing.
//
// The checks and reads are synchronous inside async functions: a run reads a few small files one
// after another, and each asynchronous call went through libuv's thread pool, started for them
// alone (about 30 calls, some 0.1 ms each, in a get).
import type {Stats} from 'node:fs'
import {closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {
  foreignOwnerError,
  plantedPathError,
  storePathUnusableError,
  replaceableAncestorError,
  writableByOthersError,
} from '../errors.js'
import {isNotFound} from './local-records.js'

const GROUP_OR_OTHER_WRITE = 0o022
const STICKY = 0o1000

/**
 * Refuses `stats` of `path` unless it is ours and writable only by us. `what` names it in the
 * message: "local store's key file", "cache directory", …
 */
export function assertOwnedPrivately(stats: Stats, path: string, what: string): void {
  if (!checksApply()) return
  if (stats.uid !== process.getuid!()) throw foreignOwnerError(what, path, stats.uid)
  if ((stats.mode & GROUP_OR_OTHER_WRITE) !== 0)
    throw writableByOthersError(what, path, stats.mode, stats.isDirectory())
}

/**
 * The store directory as it may be trusted: a real directory (a symbolic link to one is
 * followed, and the checks apply to where it leads), ours, writable only by us, and not
 * replaceable from above. Undefined when it does not exist.
 */
export async function trustedStoreDirectory(directory: string): Promise<Stats | undefined> {
  let real: string
  try {
    real = realpathSync.native(directory)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }

  const stats = lstatSync(real)
  if (!stats.isDirectory()) throw storePathUnusableError(directory, directory, 'not a directory')
  assertOwnedPrivately(stats, directory, 'local store directory')
  await assertSafeAncestors(real)
  return stats
}

/**
 * A directory inside the store (secrets/, one secret's directory), or undefined when it does
 * not exist. A symbolic link is refused: nothing inside the store points elsewhere.
 */
export async function trustedInnerDirectory(path: string, what: string): Promise<Stats | undefined> {
  let stats: Stats
  try {
    stats = lstatSync(path)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }

  if (stats.isSymbolicLink()) throw plantedPathError(what, path, 'a symbolic link')
  if (!stats.isDirectory()) throw plantedPathError(what, path, 'not a directory')
  assertOwnedPrivately(stats, path, what)
  return stats
}

/**
 * Reads a file of the store (manifest, key file, record) that must be ours and writable only
 * by us, or undefined when it does not exist. Opened without following a symbolic link, and
 * checked on the open file, so what is checked is what is read. `onStats` sees the file's
 * stats (e.g. to warn about a key file others can read).
 */
export async function readTrustedFile(
  path: string,
  what: string,
  onStats?: (stats: Stats) => void,
): Promise<Buffer | undefined> {
  let fd
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'ENOENT') return undefined
    if (code === 'ELOOP') throw plantedPathError(what, path, 'a symbolic link')
    throw error
  }

  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw plantedPathError(what, path, 'not a regular file')
    assertOwnedPrivately(stats, path, what)
    onStats?.(stats)
    return readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Refuses a store directory that another user could replace: every directory above it must
 * belong to root or the user, and one that others can write to needs the sticky bit (as /tmp has).
 */
export async function assertSafeAncestors(directory: string): Promise<void> {
  if (!checksApply()) return
  const uid = process.getuid!()
  // Symbolic links along the way are resolved first: what matters is who can write the real directories.
  let current = realpathOfNearest(dirname(resolve(directory)))
  for (;;) {
    let stats: Stats
    try {
      stats = lstatSync(current)
    } catch {
      return // a parent that does not exist yet is created by us
    }

    const owner = stats.uid === 0 || stats.uid === uid
    const replaceable = (stats.mode & GROUP_OR_OTHER_WRITE) !== 0 && (stats.mode & STICKY) === 0
    if (!owner || replaceable) {
      const why = owner
        ? `can be written by other users (mode ${(stats.mode & 0o7777).toString(8)})`
        : `belongs to another user (uid ${stats.uid})`
      throw replaceableAncestorError(directory, current, why)
    }

    const parent = dirname(current)
    if (parent === current) return
    current = parent
  }
}

function realpathOfNearest(path: string): string {
  try {
    return realpathSync.native(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : realpathOfNearest(parent)
  }
}

function checksApply(): boolean {
  return process.platform !== 'win32' && typeof process.getuid === 'function'
}
