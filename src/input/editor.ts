// --edit: the value is written in the user's $VISUAL / $EDITOR. The only copy on disk is a
// 0600 file in a private 0700 directory, on /dev/shm (memory-backed) where it exists, and
// that directory is removed on every way out: a saved value, an editor that fails, an error
// thrown here, every signal that can end the process (SIGTERM, SIGHUP, SIGQUIT, SIGUSR2, …),
// and process exit. A directory left by a process killed with SIGKILL (which nothing can
// catch) names its owner's pid, and the next edit removes it once that process is gone.
// A caller's check can hold the editor open: a save it refuses opens the editor again on
// what was saved, with the problems as "# " notes above it, until a save passes, the file is
// saved empty, or the editor exits non-zero (both cancel, exit 130).
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
import {MAX_INPUT_BYTES, readFdBounded, stripOneTrailingNewline} from './bounded-read.js'
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
  /** Shown as "# " lines above the value (hints, a schema's fields); removed on save. */
  notes?: string[]
  /** Every leading '#' line is a note, not only those written (for JSON, which cannot start with '#'). */
  hashLinesAreNotes?: boolean
  /**
   * Checks a saved value. Problems open the editor again on what was saved, with the problems
   * as notes above it, until a save passes, the file is saved empty, or the editor fails.
   */
  check?: (value: SecretValue) => EditProblem[] | Promise<EditProblem[]>
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
    let notes = options.notes ?? []
    let body = options.initial?.revealBytes() ?? Buffer.alloc(0)
    // Room for the notes and for a pretty-printed JSON value bigger than what it is stored as;
    // the value itself is held to the limit afterwards.
    const cap = MAX_INPUT_BYTES * 4
    for (;;) {
      await writeNewPrivateFile(file, notes.length > 0 ? withNotes(notes, body) : body)
      body.fill(0)
      session.throwIfInterrupted()

      const outcome = await session.runEditor(editor, file, env)
      session.throwIfInterrupted()
      if (outcome.signal)
        throw new InterruptedError(`The editor was stopped by ${outcome.signal}; nothing was written.`)
      if (outcome.code === 126 || outcome.code === 127) {
        throw new UsageError(`The editor could not be run (exit status ${outcome.code}); check VISUAL or EDITOR.`)
      }

      if (outcome.code !== 0) {
        throw new InterruptedError(
          `The editor exited with status ${outcome.code}; editing was cancelled and nothing was written.`,
        )
      }

      const saved = await readEditedFile(file, cap)
      session.throwIfInterrupted()
      body = notes.length > 0 ? withoutNotes(saved, notes, options.hashLinesAreNotes ?? false) : saved
      if (isBlank(body)) {
        throw new InterruptedError('The file was saved empty; editing was cancelled and nothing was written.')
      }

      const value = SecretValue.fromBytes(stripOneTrailingNewline(body, options.keepNewline))
      const problems = (await options.check?.(value)) ?? []
      session.throwIfInterrupted()
      if (problems.length === 0) {
        body.fill(0)
        return value
      }

      // Open again on what the user saved (not the original), the problems above it, as kubectl edit does.
      notes = problemNotes(problems, options.notes ?? [])
    }
  } finally {
    await session.finish()
  }
}

/** Lines shown above the value; each becomes a "# " line. */
const NOTE_PREFIX = '# '

function withNotes(notes: string[], body: Buffer): Buffer {
  const header = notes.map((note) => `${NOTE_PREFIX}${note}`.trimEnd() + '\n').join('')
  return Buffer.concat([Buffer.from(header, 'utf8'), body])
}

/**
 * The saved file without the notes written above the value. Only the leading lines are looked
 * at, and only lines secretsmith wrote there are removed (a plain-text value may itself start
 * with '#'), unless every leading '#' line is a note: JSON cannot start with '#'.
 */
export function withoutNotes(saved: Buffer, notes: string[], hashLinesAreNotes: boolean): Buffer {
  const written = new Set(notes.map((note) => `${NOTE_PREFIX}${note}`.trimEnd()))
  let offset = 0
  while (offset < saved.length) {
    const end = saved.indexOf(0x0a, offset)
    const lineEnd = end === -1 ? saved.length : end
    const line = saved.subarray(offset, lineEnd).toString('utf8').replace(/\r$/, '')
    const isNote = written.has(line.trimEnd()) || (hashLinesAreNotes && line.startsWith('#'))
    if (!isNote) break
    offset = end === -1 ? saved.length : end + 1
  }

  return saved.subarray(offset)
}

function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)
}

/** Why a saved value cannot be used: safe text (never value content), and where, when known. */
export interface EditProblem {
  /** 1-based line of the value (below the notes); shifted to the line of the file when shown. */
  line?: number
  column?: number
  message: string
}

function problemNotes(problems: EditProblem[], notes: string[]): string[] {
  const lead = 'The value below was not saved:'
  const tail =
    notes.length > 0
      ? ['Fix it and save.', ...notes]
      : [
          'Fix it and save, or save an empty file (or quit the editor with an error, e.g. :cq in vim) to cancel.',
          "These lines starting with '#' are removed when you save.",
        ]
  // Every problem is one line, so the value starts at a known line of the file.
  const valueStartsAt = 1 + problems.length + tail.length + 1
  const lines = problems.map((problem) =>
    problem.line === undefined
      ? `  ${problem.message}`
      : `  line ${problem.line + valueStartsAt - 1}${problem.column === undefined ? '' : `, column ${problem.column}`}: ${problem.message}`,
  )
  return [lead, ...lines, ...tail]
}

async function writeNewPrivateFile(file: string, content: Buffer): Promise<void> {
  // The editor may have replaced the file (vim writes a new one and renames it): start afresh.
  await rm(file, {force: true})
  // O_EXCL: the file is ours, freshly made in a directory nobody else can enter.
  const handle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  )
  try {
    await handle.chmod(0o600) // the umask cannot widen it, but make the mode explicit anyway
    try {
      await handle.writeFile(content)
    } finally {
      content.fill(0)
    }
  } finally {
    await handle.close()
  }
}

async function readEditedFile(file: string, cap: number): Promise<Buffer> {
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
    return await readFdBounded(handle.fd, 'the editor', cap)
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
