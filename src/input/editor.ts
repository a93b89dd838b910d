// --edit: the value is written in the user's $VISUAL / $EDITOR. The only copy on disk is a
// 0600 file in a private 0700 directory, on /dev/shm (memory-backed) where it exists, and
// that directory is removed on every way out: a saved value, an editor that fails, an error
// thrown here, every signal that can end the process (SIGTERM, SIGHUP, SIGQUIT, SIGUSR2, …),
// and process exit. A directory left by a process killed with SIGKILL (which nothing can
// catch) names its owner's pid, and the next edit removes it once that process is gone.
// Ctrl-C goes to the editor (it shares our
// terminal's process group), which decides what it means, as git does: vim uses it to leave
// insert mode, while a plain program dies of it, which cancels the edit.
import {spawn, type ChildProcess} from 'node:child_process'
import {constants, rmSync} from 'node:fs'
import {mkdtemp, open, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {InterruptedError, UsageError, ValidationError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {claimSignals} from '../signals.js'
import {readFdBounded, stripOneTrailingNewline} from './bounded-read.js'
import {TEMP_PREFIX, defaultEditorTempBase, removeAbandonedEditDirectories} from './edit-temp.js'

export {defaultEditorTempBase} from './edit-temp.js'

export interface EditorReadOptions {
  /** The current value, to edit in place (put). Absent: start from an empty file (create). */
  initial?: SecretValue
  keepNewline: boolean
  /** Where VISUAL / EDITOR are looked up (default process.env); also the editor's environment. */
  env?: NodeJS.ProcessEnv
  /** Parent of the private temp directory (default /dev/shm where usable, else the OS temp dir). */
  tempBase?: string
  /** Extension of the temp file, so the editor picks a syntax mode, e.g. ".json" (default ".txt"). */
  extension?: string
}

const SHELL_METACHARACTERS = /[|&;<>()$`\\"' \t\n*?[#~=%]/
/** How long an editor gets to exit after we forward SIGTERM/SIGHUP before it is killed. */
const KILL_GRACE_MS = 2000

/** $VISUAL, then $EDITOR. No silent fallback to vi: dropping someone into an editor they cannot quit is worse than a clear message. */
export function resolveEditor(env: NodeJS.ProcessEnv = process.env): string {
  const editor = env.VISUAL?.trim() || env.EDITOR?.trim()
  if (!editor) {
    throw new UsageError(
      '--edit needs an editor: set VISUAL or EDITOR (for example EDITOR=nano), or use another value source.',
    )
  }

  return editor
}

export async function readSecretFromEditor(options: EditorReadOptions): Promise<SecretValue> {
  const env = options.env ?? process.env
  const editor = resolveEditor(env)
  if (options.initial?.isBinary) {
    throw new UsageError(
      'The current value is binary, which a text editor would corrupt; use --from-file or --from-stdin instead.',
    )
  }

  const extension = options.extension ?? '.txt'
  if (!/^\.[A-Za-z0-9]{1,10}$/.test(extension)) throw new TypeError('editor file extension must look like ".json"')

  const tempBase = options.tempBase ?? defaultEditorTempBase()
  removeAbandonedEditDirectories(tempBase)
  const session = new EditSession()
  session.start()
  try {
    const dir = await mkdtemp(join(tempBase, `${TEMP_PREFIX}${process.pid}-`))
    session.directory = dir
    const file = join(dir, `value${extension}`)
    await writeNewPrivateFile(file, options.initial)
    session.throwIfInterrupted()

    const outcome = await session.runEditor(editor, file, env)
    session.throwIfInterrupted()
    if (outcome.signal) throw new InterruptedError(`The editor was stopped by ${outcome.signal}; nothing was written.`)
    if (outcome.code === 126 || outcome.code === 127) {
      throw new UsageError(`The editor could not be run (exit status ${outcome.code}); check VISUAL or EDITOR.`)
    }

    if (outcome.code !== 0) {
      throw new InterruptedError(
        `The editor exited with status ${outcome.code}; editing was cancelled and nothing was written.`,
      )
    }

    const bytes = await readEditedFile(file)
    session.throwIfInterrupted()
    const value = SecretValue.fromBytes(stripOneTrailingNewline(bytes, options.keepNewline))
    bytes.fill(0)
    return value
  } finally {
    await session.finish()
  }
}

async function writeNewPrivateFile(file: string, initial: SecretValue | undefined): Promise<void> {
  // O_EXCL: the file is ours, freshly made in a directory nobody else can enter.
  const handle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  )
  try {
    await handle.chmod(0o600) // the umask cannot widen it, but make the mode explicit anyway
    if (initial) {
      const bytes = initial.revealBytes()
      try {
        await handle.writeFile(bytes)
      } finally {
        bytes.fill(0)
      }
    }
  } finally {
    await handle.close()
  }
}

async function readEditedFile(file: string): Promise<Buffer> {
  let handle
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ValidationError('The editor left no file behind; nothing was written.')
    if (code === 'ELOOP')
      throw new ValidationError('The edited file was replaced by a symbolic link; nothing was written.')
    throw error
  }

  try {
    if (!(await handle.stat()).isFile())
      throw new ValidationError('The edited file is no longer a regular file; nothing was written.')
    return await readFdBounded(handle.fd, 'the editor')
  } finally {
    await handle.close()
  }
}

/** The temp directory, the editor child, and the signal handlers for the duration of one edit. */
class EditSession {
  directory: string | undefined
  #child: ChildProcess | undefined
  #interruptedBy: string | undefined
  #releaseSignals: (() => void) | undefined
  #onExit = (): void => this.#removeDirectorySync()

  start(): void {
    this.#releaseSignals = claimSignals((signal) => {
      // While the editor runs it owns Ctrl-C (see the module comment); outside that window it cancels.
      if (signal === 'SIGINT') {
        if (!this.#child) this.#interruptedBy ??= 'SIGINT'
        return
      }

      // Anything else ends the edit: the value on disk goes now, whatever the editor does next.
      this.#removeDirectorySync()
      this.#terminate(signal)
    })
    process.on('exit', this.#onExit)
  }

  throwIfInterrupted(): void {
    if (this.#interruptedBy)
      throw new InterruptedError(`Editing was interrupted (${this.#interruptedBy}); nothing was written.`)
  }

  runEditor(
    editor: string,
    file: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
    // Like git: a plain command name runs directly; anything with arguments or shell syntax runs
    // as `sh -c '<editor> "$@"'` so EDITOR="code --wait" or EDITOR="vim -n" work.
    const [command, args] = SHELL_METACHARACTERS.test(editor)
      ? ['sh', ['-c', `${editor} "$@"`, editor, file]]
      : [editor, [file]]
    // The editor draws on the terminal; if our stdout is redirected (e.g. --json > out), it draws on stderr instead.
    const stdout = process.stdout.isTTY ? 'inherit' : 2
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {env, stdio: ['inherit', stdout, 'inherit']})
      this.#child = child
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.#child = undefined
        reject(
          error.code === 'ENOENT' || error.code === 'EACCES'
            ? new UsageError(`The editor could not be started (${error.code}); check VISUAL or EDITOR.`)
            : error,
        )
      })
      child.once('exit', (code, signal) => {
        this.#child = undefined
        resolve({code, signal})
      })
    })
  }

  async finish(): Promise<void> {
    this.#releaseSignals?.()
    try {
      if (this.directory) await rm(this.directory, {recursive: true, force: true})
    } finally {
      this.#removeDirectorySync() // no-op once removed; covers an rm that failed half-way
      process.removeListener('exit', this.#onExit)
    }
  }

  #terminate(signal: NodeJS.Signals): void {
    this.#interruptedBy ??= signal
    const child = this.#child
    if (!child) return
    // The editor gets SIGTERM for any of them: SIGQUIT would make it dump core with the value.
    child.kill(signal === 'SIGHUP' ? 'SIGHUP' : 'SIGTERM')
    // An editor that ignores the signal must not keep us (and the temp file) alive.
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }, KILL_GRACE_MS).unref()
  }

  #removeDirectorySync(): void {
    if (!this.directory) return
    try {
      rmSync(this.directory, {recursive: true, force: true})
    } catch {
      // nothing more can be done on the way out
    }
  }
}
