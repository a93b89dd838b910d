// Where --edit keeps its one plaintext copy, and the sweep that removes copies whose owner
// process is gone. Light on purpose (no child_process, no editor code): every command runs
// the sweep at start-up, so a directory left by a secretsmith killed with SIGKILL (which no
// handler can catch) or by a crash of Node itself does not outlive the next run.
import {lstatSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** The temp directory's name: the prefix, the owner's pid, a dash, mkdtemp's random suffix. */
export const TEMP_PREFIX = 'secretsmith-edit-'

/** /dev/shm keeps the temp file in memory on Linux; elsewhere the OS temp dir is the best there is. */
export function defaultEditorTempBase(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm'
  } catch {
    // not Linux, or no shm mount
  }

  return tmpdir()
}

/**
 * Removes edit directories whose owner process is gone (killed with SIGKILL, or a crash of
 * Node itself): ours by uid, named with a pid that no longer exists.
 */
export function removeAbandonedEditDirectories(tempBase: string): void {
  let names: string[]
  try {
    names = readdirSync(tempBase)
  } catch {
    return
  }

  const uid = process.getuid?.()
  for (const name of names) {
    const pid = new RegExp(`^${TEMP_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`).exec(name)?.[1]
    if (!pid || Number(pid) === process.pid || isAlive(Number(pid))) continue
    const path = join(tempBase, name)
    try {
      const stat = lstatSync(path)
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue
      rmSync(path, {recursive: true, force: true})
    } catch {
      // another run got there first, or it is not ours to remove
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, someone else's
  }

  // A killed process whose parent has not reaped it yet still answers signal 0: a zombie is gone.
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc: trust kill(0)
  }
}
