// --from-file PATH: the value is the content of one regular file. Anything else is refused
// with its own message: a symlink (it could be swapped to point elsewhere between the check
// and the read), a directory, a FIFO, a device or a socket (which can block or never end).
// The path is checked with lstat, opened with O_NOFOLLOW, and the open descriptor is checked
// again, so a file swapped in between is caught rather than read.
import {constants, type Stats} from 'node:fs'
import {type FileHandle, lstat, open} from 'node:fs/promises'

import {UsageError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {readFdBounded, stripOneTrailingNewline} from './bounded-read.js'
import {readSecretFromStdin} from './stdin.js'

export interface FileReadOptions {
  keepNewline: boolean
  /** Where the "readable by group or others" warning goes. */
  warn?: (message: string) => void
}

export async function readSecretFromFile(path: string, options: FileReadOptions): Promise<SecretValue> {
  if (path === '-') return readSecretFromStdin({keepNewline: options.keepNewline, flag: '--from-file -'})
  if (path === '') throw new UsageError('--from-file needs a path (or - for stdin).')

  const handle = await openRegularFile(path, `--from-file ${path}`)
  try {
    const after = await handle.stat()
    if ((after.mode & 0o077) !== 0) {
      const mode = (after.mode & 0o777).toString(8).padStart(4, '0')
      options.warn?.(
        `${path} is readable or writable by group or others (mode ${mode}); keep secret files at 0600 (chmod 600) and delete them after use.`,
      )
    }

    const bytes = await readFdBounded(handle.fd, `--from-file ${path}`)
    const value = SecretValue.fromBytes(stripOneTrailingNewline(bytes, options.keepNewline))
    bytes.fill(0)
    return value
  } finally {
    await handle.close()
  }
}

/**
 * Opens a path for reading only if it is a regular file, checked before and after the open
 * (lstat, O_NOFOLLOW, fstat on the descriptor), so a symlink, FIFO or device swapped in is
 * refused rather than read. `flag` names the option in messages, e.g. "--from-file a.env".
 */
export async function openRegularFile(path: string, flag: string): Promise<FileHandle> {
  const before = await lstatOrExplain(path, flag)
  refuseIfNotRegular(flag, before)

  let handle: FileHandle
  try {
    // O_NONBLOCK: if a FIFO were swapped in after the lstat, opening it must not hang waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    throw explainFsError(flag, error)
  }

  try {
    const after = await handle.stat()
    refuseIfNotRegular(flag, after)
    if (after.dev !== before.dev || after.ino !== before.ino) {
      throw new UsageError(`${flag} changed while it was being opened; nothing was read.`)
    }
  } catch (error) {
    await handle.close()
    throw error
  }

  return handle
}

async function lstatOrExplain(path: string, flag: string): Promise<Stats> {
  try {
    return await lstat(path)
  } catch (error) {
    throw explainFsError(flag, error)
  }
}

function refuseIfNotRegular(flag: string, stats: Stats): void {
  if (stats.isFile()) return
  if (stats.isSymbolicLink())
    throw new UsageError(`${flag} is a symbolic link; pass the path of the file it points to.`)
  if (stats.isDirectory()) throw new UsageError(`${flag} is a directory; pass a regular file.`)
  if (stats.isFIFO()) throw new UsageError(`${flag} is a FIFO (named pipe); to pipe a value in, use --from-stdin.`)
  if (stats.isCharacterDevice() || stats.isBlockDevice())
    throw new UsageError(`${flag} is a device; pass a regular file.`)
  if (stats.isSocket()) throw new UsageError(`${flag} is a socket; pass a regular file.`)
  throw new UsageError(`${flag} is not a regular file; pass a regular file.`)
}

function explainFsError(flag: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT': {
      return new UsageError(`${flag}: no such file.`)
    }

    case 'ENOTDIR': {
      return new UsageError(`${flag}: a part of the path is not a directory.`)
    }

    case 'EACCES':
    case 'EPERM': {
      return new UsageError(`${flag}: permission denied.`)
    }

    // O_NOFOLLOW on a symlink that appeared after the lstat.
    case 'ELOOP': {
      return new UsageError(`${flag} is a symbolic link; pass the path of the file it points to.`)
    }

    case 'EISDIR': {
      return new UsageError(`${flag} is a directory; pass a regular file.`)
    }

    default: {
      return new UsageError(`${flag} could not be read (${code ?? 'unknown error'}).`)
    }
  }
}
