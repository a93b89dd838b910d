// Runs a command in a pseudo-terminal and drives it like a person at a keyboard, for the
// prompt tests. It wraps util-linux `script` (no native npm module to build): `script` opens
// a pty, runs the command on it, copies our writes to the terminal and the terminal's output
// back to us. The child's environment drops CI (so the program sees an interactive terminal
// even when the test runner runs under CI=true), and our stdin is a pipe we own, so this works
// when the test process itself has no stdin.
import {type ChildProcessWithoutNullStreams, execFileSync, spawn} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import {constants} from 'node:os'

export interface PtyOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  columns?: number
  rows?: number
}

export interface PtyExit {
  /** The command's exit status (128+N when it died of signal N, as a shell reports it). */
  code: number | null
}

export interface PtySession {
  /** The pid of the `script` wrapper; see descendantPids() for the command itself. */
  readonly pid: number
  /** Types text on the terminal ("\r" is Enter, "\x03" is Ctrl-C). */
  write(text: string): void
  /**
   * Resolves with the text seen so far once `pattern` appears in the ANSI-stripped output (or
   * the predicate accepts it). Rejects if the process exits first or after `timeoutMs`.
   */
  waitFor(pattern: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<string>
  /** Everything the terminal showed, raw (escape sequences included). */
  readonly output: string
  /** The same with ANSI escape sequences removed. */
  readonly text: string
  readonly exit: Promise<PtyExit>
  kill(signal?: NodeJS.Signals): void
  /** Pids of every process under the wrapper (the shell, the command, its children). */
  descendantPids(): number[]
}

let scriptChecked = false

export function spawnInPty(command: string, args: string[], options: PtyOptions = {}): PtySession {
  if (!scriptChecked) {
    try {
      execFileSync('script', ['--version'], {stdio: 'ignore'})
    } catch {
      throw new Error('the pty helper needs util-linux `script` (apt-get install bsdutils / util-linux)')
    }

    scriptChecked = true
  }

  const env: NodeJS.ProcessEnv = {...(options.env ?? process.env), SHELL: '/bin/sh', TERM: 'xterm-256color'}
  delete env.CI
  const columns = options.columns ?? 120
  const rows = options.rows ?? 40
  // `exec` so the command replaces the shell and its exit status is script's (-e).
  const line = `stty cols ${columns} rows ${rows} 2>/dev/null; exec ${[command, ...args].map(shellQuote).join(' ')}`
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qefc', line, '/dev/null'], {
    cwd: options.cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })

  let output = ''
  const waiters = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    for (const check of waiters) check()
  }

  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  child.stdin.on('error', () => {}) // the command may be gone before our last keystroke

  const exit = new Promise<PtyExit>((resolve) => {
    child.once('close', (code, signal) => {
      for (const check of waiters) check()
      resolve({code: code ?? (signal ? 128 + signalNumber(signal) : null)})
    })
  })
  let exited = false
  void exit.then(() => {
    exited = true
    for (const check of waiters) check()
  })

  return {
    pid: child.pid!,
    write(text) {
      child.stdin.write(text)
    },
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const matches = () => {
          const text = stripAnsi(output)
          if (typeof pattern === 'string') return text.includes(pattern)
          if (pattern instanceof RegExp) return pattern.test(text)
          return pattern(text)
        }
        const done = () => {
          clearTimeout(timer)
          waiters.delete(check)
        }

        const check = () => {
          if (matches()) {
            done()
            resolve(stripAnsi(output))
          } else if (exited) {
            done()
            reject(
              new Error(`process exited before ${String(pattern)} appeared; terminal showed:\n${stripAnsi(output)}`),
            )
          }
        }

        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${String(pattern)}; terminal showed:\n${stripAnsi(output)}`,
            ),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    get output() {
      return output
    },
    get text() {
      return stripAnsi(output)
    },
    exit,
    kill(signal = 'SIGTERM') {
      for (const pid of descendantPids(child.pid!).reverse()) {
        try {
          process.kill(pid, signal)
        } catch {
          // already gone
        }
      }

      child.kill(signal)
    },
    descendantPids() {
      return descendantPids(child.pid!)
    },
  }
}

/** Pids below `root`, parents before children, from /proc/<pid>/stat. */
export function descendantPids(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parentOf.set(Number(entry), Number(fields[1]))
    } catch {
      // the process ended while we looked
    }
  }

  const result: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        result.push(pid)
        queue.push(pid)
      }
    }
  }

  return result
}

/** Removes CSI/OSC escape sequences and carriage returns, leaving the text a person would read. */
export function stripAnsi(text: string): string {
  return text
    .replaceAll(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '')
    .replaceAll(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    .replaceAll(/\u001B[@-Z\\-_]/g, '')
    .replaceAll('\r', '')
}

/**
 * How many prompts showing `message` have started: each starts on a new line, and the
 * re-renders after each keystroke redraw that same line.
 */
export function promptCount(text: string, message: string): number {
  return text.split('\n').filter((line) => line.includes(message)).length
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0
}
