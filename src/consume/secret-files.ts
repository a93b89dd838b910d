// `exec --files`: each secret in a 0600 file inside a private 0700 directory on a tmpfs, so
// the value never reaches a disk (nor the environment, where AWS advises against credentials:
// child processes inherit it and /proc/PID/environ and crash dumps show it). Disk-backed
// storage is refused unless --allow-disk. The caller removes the directory when the child
// exits, is killed, or secretsmith is interrupted; a process exit hook removes it too.
import {closeSync, constants, openSync, rmSync, statSync, statfsSync, writeSync} from 'node:fs'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {isAbsolute, join} from 'node:path'

import {UsageError} from '../errors.js'
import type {SecretVariable} from './secret-variables.js'

// statfs(2) f_type values of memory-backed file systems (linux/magic.h).
const TMPFS_MAGIC = 0x01_02_19_94
const RAMFS_MAGIC = 0x85_84_58_f6

export interface SecretFiles {
  directory: string
  /** variable name → the file holding its value. */
  paths: Record<string, string>
  /** Removes the directory and everything in it; safe to call more than once. */
  remove(): void
}

/** The first private, memory-backed place to put files: $XDG_RUNTIME_DIR, then /dev/shm. */
function memoryBackedDirectory(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [env.XDG_RUNTIME_DIR, '/dev/shm', '/run/shm'].filter((path): path is string =>
    Boolean(path && isAbsolute(path)),
  )
  for (const path of candidates) {
    try {
      const type = statfsSync(path).type
      if (type !== TMPFS_MAGIC && type !== RAMFS_MAGIC) continue
      const stats = statSync(path)
      if (!stats.isDirectory()) continue
      // XDG_RUNTIME_DIR must be ours; /dev/shm is shared but sticky, and mkdtemp's directory is 0700.
      if (path === env.XDG_RUNTIME_DIR && typeof process.getuid === 'function' && stats.uid !== process.getuid())
        continue
      return path
    } catch {
      continue
    }
  }

  return undefined
}

export async function writeSecretFiles(
  variables: SecretVariable[],
  options: {allowDisk: boolean; env?: Record<string, string | undefined>},
): Promise<SecretFiles> {
  const base = memoryBackedDirectory(options.env) ?? (options.allowDisk ? tmpdir() : undefined)
  if (!base) {
    throw new UsageError(
      '--files found no memory-backed directory (tmpfs at $XDG_RUNTIME_DIR or /dev/shm) and will not write secrets to disk-backed storage; pass --allow-disk to use the temp directory anyway.',
    )
  }

  const directory = await mkdtemp(join(base, 'secretsmith-'))
  let removed = false
  const remove = () => {
    if (removed) return
    removed = true
    process.off('exit', remove)
    rmSync(directory, {recursive: true, force: true})
  }

  // The last resort for an exit that skips the caller's cleanup (e.g. an uncaught error).
  process.on('exit', remove)
  const paths: Record<string, string> = {}
  try {
    for (const variable of variables) {
      const path = join(directory, variable.name)
      const fd = openSync(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o600,
      )
      try {
        writeSync(fd, typeof variable.value === 'string' ? Buffer.from(variable.value, 'utf8') : variable.value)
      } finally {
        closeSync(fd)
      }

      paths[variable.name] = path
    }
  } catch (error) {
    remove()
    throw error
  }

  return {directory, paths, remove}
}
