// The local store's write lock, so parallel secretsmith invocations serialise their writes.
// proper-lockfile (mkdir-based, works on local and network filesystems) holds a lock
// directory inside the store and refreshes it while held; a lock left by a crashed process
// goes stale and is taken over. Readers never lock: records are replaced by atomic renames.
import {join} from 'node:path'

import {UnavailableError} from '../errors.js'
import {uninterruptedWrite} from '../signals.js'

export const LOCK_DIR = 'write.lock'

/** A lock older than this (not refreshed) belongs to a process that died. */
const STALE_MS = 10_000

export interface HeldLock {
  /**
   * Throws if the lock was lost while held (e.g. the process stalled past the stale time and
   * another writer took over): call just before a commit, so a lost lock never overwrites.
   */
  assertHeld(): void
}

export interface LockOptions {
  /** How long to keep trying before giving up with exit 6; default about 30 s. */
  waitMs?: number
}

/** Runs `work` while holding the store's write lock. */
export async function withStoreLock<T>(
  directory: string,
  work: (lock: HeldLock) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const held = await acquire(directory, options.waitMs ?? 30_000)
  if (!held) {
    throw new UnavailableError(
      `The local store ${directory} is busy: another secretsmith process has held its lock for too long. Retry; if no other process is running, remove ${join(directory, LOCK_DIR)}.`,
    )
  }

  try {
    // A signal while the lock is held waits for the write to complete: never half a write.
    return await uninterruptedWrite(() => work(held.lock))
  } finally {
    await held.release()
  }
}

/** Runs `work` under the lock only if it is free right now; returns undefined otherwise. For best-effort upkeep. */
export async function ifStoreLockFree<T>(
  directory: string,
  work: (lock: HeldLock) => Promise<T>,
): Promise<T | undefined> {
  const held = await acquire(directory, 0)
  if (!held) return undefined
  try {
    return await work(held.lock)
  } finally {
    await held.release()
  }
}

async function acquire(
  directory: string,
  waitMs: number,
): Promise<{lock: HeldLock; release: () => Promise<void>} | undefined> {
  const {default: lockfile} = await import('proper-lockfile')
  let compromised: Error | undefined
  // Short, jittered polls (25–50 ms, 37.5 on average): writes hold the lock for milliseconds.
  const retries =
    waitMs <= 0 ? 0 : {retries: Math.ceil(waitMs / 37.5), minTimeout: 25, maxTimeout: 50, factor: 1, randomize: true}
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(directory, {
      lockfilePath: join(directory, LOCK_DIR),
      realpath: false,
      stale: STALE_MS,
      retries,
      onCompromised(error) {
        compromised = error
      },
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined
    throw error
  }

  return {
    lock: {
      assertHeld() {
        if (compromised) {
          throw new UnavailableError(
            `The local store ${directory} lost its write lock mid-write (the process stalled); nothing more was written. Retry.`,
          )
        }
      },
    },
    async release() {
      if (compromised) return
      await release().catch(() => {})
    },
  }
}
