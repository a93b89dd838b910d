// Which files and directories the local store trusts, checked the way ssh checks ~/.ssh: the
// store directory, its key file and its records must belong to the current user and be
// writable by nobody else, and no directory above the store may let another user replace
// it (writable by others without the sticky bit, or owned by someone other than root or the
// user). Anything else is refused with one line naming the path and the fix (exit 2):
// another user who can write there could plant a key and records of their choosing.
import type {Stats} from 'node:fs'
import {lstat, realpath} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'

import {UsageError} from '../errors.js'

const GROUP_OR_OTHER_WRITE = 0o022
const STICKY = 0o1000

/** Refuses `stats` of `path` unless it is ours and writable only by us. `what`: "store directory", "key file", … */
export function assertOwnedPrivately(stats: Stats, path: string, what: string): void {
  if (!checksApply()) return
  const uid = process.getuid!()
  if (stats.uid !== uid) {
    throw new UsageError(
      `The local store's ${what} ${path} belongs to another user (uid ${stats.uid}), so secretsmith will not trust it (as ssh will not); use a store directory of your own (SECRETSMITH_HOME).`,
    )
  }

  if ((stats.mode & GROUP_OR_OTHER_WRITE) !== 0) {
    const fix = stats.isDirectory() ? `chmod 700 ${path}` : `chmod 600 ${path}`
    throw new UsageError(
      `The local store's ${what} ${path} can be written by other users (mode ${(stats.mode & 0o777).toString(8)}), so secretsmith will not trust it (as ssh will not); run: ${fix}`,
    )
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
  let current = await realpathOfNearest(dirname(resolve(directory)))
  for (;;) {
    let stats: Stats
    try {
      stats = await lstat(current)
    } catch {
      return // a parent that does not exist yet is created by us
    }

    const owner = stats.uid === 0 || stats.uid === uid
    const replaceable = (stats.mode & GROUP_OR_OTHER_WRITE) !== 0 && (stats.mode & STICKY) === 0
    if (!owner || replaceable) {
      const why = owner
        ? `can be written by other users (mode ${(stats.mode & 0o7777).toString(8)})`
        : `belongs to another user (uid ${stats.uid})`
      throw new UsageError(
        `The local store ${directory} is inside ${current}, which ${why}: another user could replace the store. Use a store directory under a directory only you control (SECRETSMITH_HOME).`,
      )
    }

    const parent = dirname(current)
    if (parent === current) return
    current = parent
  }
}

async function realpathOfNearest(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : realpathOfNearest(parent)
  }
}

function checksApply(): boolean {
  return process.platform !== 'win32' && typeof process.getuid === 'function'
}
