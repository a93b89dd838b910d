// The local store's write lock, so parallel secretsmith invocations serialise their writes.
// proper-lockfile (mkdir-based, works on local and network filesystems) holds a lock
// directory inside the store and refreshes it while held; a lock left by a crashed process
// goes stale and is taken over. Readers never lock: records are replaced by atomic renames.
// The holder writes its pid next to the lock (not inside it: a file created in the lock
// directory would change the mtime proper-lockfile watches), so a waiter can say whom it waits for.
import type {Stats} from 'node:fs'
import {lstat, unlink} from 'node:fs/promises'
import {join} from 'node:path'

import {UnavailableError, lockTimeoutSettingError, plantedPathError, storeBusyError} from '../errors.js'
import {uninterruptedWrite} from '../signals.js'
import {readTrustedFile} from './local-trust.js'
import {writeFileAtomically} from './local-records.js'

export const LOCK_DIR = 'write.lock'
/** The lock holder's pid, beside the lock directory. */
export const LOCK_OWNER_FILE = 'write.lock.owner'

/** A lock older than this (not refreshed) belongs to a process that died. */
const STALE_MS = 10_000
const LOCK_TIMEOUT_ENV = 'SECRETSMITH_LOCK_TIMEOUT'
const DEFAULT_LOCK_TIMEOUT_SECONDS = 30
const MAX_LOCK_TIMEOUT_SECONDS = 3600
/** How long a write waits in silence before saying on stderr whom it waits for. */
const QUIET_WAIT_MS = 1000

export interface HeldLock {
  /**
   * Throws if the lock was lost while held (e.g. the process stalled past the stale time and
   * another writer took over): call just before a commit, so a lost lock never overwrites.
   */
  assertHeld(): void
}

export interface LockOptions {
  /** How long to keep trying before giving up with exit 6; default SECRETSMITH_LOCK_TIMEOUT or 30 s. */
  waitMs?: number
  /** Told once, after a second of waiting, what the write is waiting for. */
  notice?: (message: string) => void
}

/** SECRETSMITH_LOCK_TIMEOUT in milliseconds (default 30 s); exit 2 when it is not a number of seconds. */
function lockTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env[LOCK_TIMEOUT_ENV]?.trim()
  if (raw === undefined || raw === '') return DEFAULT_LOCK_TIMEOUT_SECONDS * 1000
  const seconds = Number(raw)
  if (!/^\d+$/.test(raw) || seconds > MAX_LOCK_TIMEOUT_SECONDS) throw lockTimeoutSettingError(MAX_LOCK_TIMEOUT_SECONDS)
  return seconds * 1000
}

/** Runs `work` while holding the store's write lock. */
export async function withStoreLock<T>(
  directory: string,
  work: (lock: HeldLock) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? lockTimeoutMs()
  const held = await acquire(directory, waitMs, options.notice)
  if (!held) {
    throw storeBusyError(
      directory,
      join(directory, LOCK_DIR),
      Math.round(waitMs / 1000),
      await describeHolder(directory),
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
  notice?: (message: string) => void,
): Promise<{lock: HeldLock; release: () => Promise<void>} | undefined> {
  const {default: lockfile} = await import('proper-lockfile')
  const lockPath = join(directory, LOCK_DIR)
  const started = Date.now()
  let noticed = false
  let compromised: Error | undefined
  let release: () => Promise<void>
  for (;;) {
    // A symbolic link or a file planted at the lock path would look like a lock held for ever.
    await assertLockPathIsOurs(lockPath)
    try {
      release = await lockfile.lock(directory, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        onCompromised(error) {
          compromised = error
        },
      })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    }

    const waited = Date.now() - started
    if (waited >= waitMs) return undefined
    if (!noticed && notice && waited >= QUIET_WAIT_MS) {
      noticed = true
      notice(
        `Waiting for ${await describeHolder(directory)}, which holds the local store's write lock (${lockPath}); giving up after ${Math.round(waitMs / 1000)} s (${LOCK_TIMEOUT_ENV}).`,
      )
    }

    // Short, jittered polls (25–50 ms): writes hold the lock for milliseconds.
    await new Promise((resolve) => {
      setTimeout(resolve, Math.min(25 + Math.random() * 25, Math.max(0, waitMs - waited)))
    })
  }

  const ownerPath = join(directory, LOCK_OWNER_FILE)
  // Without fsync: it only informs a waiting process, and a crash may lose it.
  await writeFileAtomically(ownerPath, `${process.pid}\n`, {durable: false}).catch(() => {})
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
      await unlink(ownerPath).catch(() => {})
      await release().catch(() => {})
    },
  }
}

async function assertLockPathIsOurs(lockPath: string): Promise<void> {
  let stats: Stats
  try {
    stats = await lstat(lockPath)
  } catch {
    return // free (or just released): proper-lockfile decides
  }

  if (stats.isSymbolicLink()) throw plantedPathError("local store's lock", lockPath, 'a symbolic link')
  if (!stats.isDirectory()) throw plantedPathError("local store's lock", lockPath, 'not a directory')
}

/** "another secretsmith (pid 123)", or without the pid when the holder did not leave a live one. */
async function describeHolder(directory: string): Promise<string> {
  const raw = await readTrustedFile(join(directory, LOCK_OWNER_FILE), "local store's lock owner file").catch(
    () => undefined,
  )
  const pid = Number(raw?.toString('utf8').trim())
  return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)
    ? `another secretsmith (pid ${pid})`
    : 'another secretsmith process'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
