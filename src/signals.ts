// What a signal does to a secretsmith process. Every signal whose default action would end
// the process (and, for SIGQUIT, SIGABRT and friends, dump its memory, values included, to a
// core file) is caught from the first line of bin/run.js on, so that the process always ends
// the same way: temp files removed, one line on stderr saying whether anything was written,
// exit 130. SIGUSR1, which would open Node's inspector on 127.0.0.1:9229 in a process
// holding secrets, is caught and ignored.
//
// Code that waits (on stdin, on an editor) claims the signals for the duration, and turns
// them into its own InterruptedError. A write in progress is never cut in half: the signal
// is held until the write completes, and the message then says that it did.
import {constants} from 'node:os'

/**
 * Signals whose default action terminates the process, with or without a core dump
 * (signal(7)); SIGKILL and SIGSTOP cannot be caught, SIGPIPE Node already ignores, and
 * SIGSEGV/SIGBUS/SIGFPE/SIGILL raised by a real fault cannot be handled from JavaScript.
 */
const CANDIDATES = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGPROF',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGTRAP',
  'SIGSYS',
  'SIGABRT',
  'SIGIO',
  'SIGPOLL',
  'SIGPWR',
  'SIGSTKFLT',
  'SIGLOST',
  'SIGINFO',
] as const

const TERMINATING_SIGNALS: readonly NodeJS.Signals[] = (CANDIDATES as readonly string[]).filter(
  (signal) => signal in osSignals() && !isAlias(signal) && !(signal === 'SIGPROF' && profiling()),
) as NodeJS.Signals[]

/** The exit code of an interrupted run, whatever the signal (the README's table documents it). */
const INTERRUPTED_EXIT_CODE = 130

/** How long a held signal waits for the command to finish after its write completed. */
const AFTER_WRITE_GRACE_MS = 2000

type Claim = (signal: NodeJS.Signals) => void

const claims = new Set<Claim>()
let writesInProgress = 0
let writeCompleted = false
let pending: NodeJS.Signals | undefined
let installed = false
let reportAsJson = false
let exitTimer: NodeJS.Timeout | undefined

/**
 * Installs the handlers (once per process). `json`: report an interruption as the --json
 * error object on stdout rather than a line on stderr.
 */
export function installSignalHandlers(options: {json?: boolean} = {}): void {
  reportAsJson = options.json ?? false
  if (installed) return
  installed = true
  for (const signal of TERMINATING_SIGNALS) process.on(signal, () => onSignal(signal))
  // Without a listener, SIGUSR1 starts the inspector; with one, it does nothing.
  if ('SIGUSR1' in osSignals()) process.on('SIGUSR1', () => {})
}

/** While `handler` is claimed, terminating signals go to it instead of ending the process. */
export function claimSignals(handler: Claim): () => void {
  if (installed) {
    claims.add(handler)
    return () => claims.delete(handler)
  }

  // Used as a library (tests, a process without bin/run.js): listen for the claim's duration only.
  const listeners = TERMINATING_SIGNALS.map((signal) => [signal, () => handler(signal)] as const)
  for (const [signal, listener] of listeners) process.on(signal, listener)
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener)
  }
}

/** Runs a write so that a signal arriving during it is held until it completes. */
export async function uninterruptedWrite<T>(write: () => Promise<T>): Promise<T> {
  // The next step of a multi-call write (check-and-set) belongs to the write being held for.
  clearTimeout(exitTimer)
  writesInProgress += 1
  let completed = false
  try {
    const result = await write()
    completed = true
    return result
  } finally {
    writesInProgress -= 1
    if (completed) writeCompleted = true
    if (writesInProgress === 0 && pending) {
      // Let the command print what it wrote, then stop.
      const signal = pending
      exitTimer = setTimeout(() => exitInterrupted(signal), AFTER_WRITE_GRACE_MS)
    }
  }
}

/** Called when a command is done: a signal held during its write ends the process now. */
export function endIfInterrupted(): void {
  if (pending && writesInProgress === 0) exitInterrupted(pending)
}

/** The one line an interruption ends with. */
function interruptedMessage(signal: NodeJS.Signals): string {
  if (writesInProgress > 0) {
    return `Interrupted by ${signal} during a write, which may or may not have been applied; check with secretsmith describe before retrying.`
  }

  return writeCompleted
    ? `Interrupted by ${signal} after the write reported above was completed; nothing else was written.`
    : `Interrupted by ${signal}; nothing was written.`
}

function onSignal(signal: NodeJS.Signals): void {
  if (claims.size > 0) {
    for (const claim of claims) claim(signal)
    return
  }

  if (writesInProgress > 0 && pending === undefined) {
    pending = signal
    return
  }

  // A second signal during a write, or a signal with nothing to protect: stop now.
  exitInterrupted(signal)
}

function exitInterrupted(signal: NodeJS.Signals): never {
  const message = interruptedMessage(signal)
  if (reportAsJson) {
    process.stdout.write(
      `${JSON.stringify({error: {code: 'Interrupted', exitCode: INTERRUPTED_EXIT_CODE, message}}, null, 2)}\n`,
    )
  } else {
    process.stderr.write(`Error: ${message}\n`)
  }

  process.exit(INTERRUPTED_EXIT_CODE)
}

function osSignals(): Record<string, number> {
  return constants.signals as Record<string, number>
}

/** V8's sampling profiler (--cpu-prof, --prof) drives itself with SIGPROF. */
function profiling(): boolean {
  return process.execArgv.some((arg) => /^--(cpu-)?prof/.test(arg))
}

/** SIGPOLL is SIGIO on Linux and SIGIOT is SIGABRT: one listener per signal number. */
function isAlias(signal: string): boolean {
  const table = osSignals()
  const earlier = CANDIDATES.slice(0, CANDIDATES.indexOf(signal as (typeof CANDIDATES)[number]))
  return earlier.some((name) => table[name] !== undefined && table[name] === table[signal])
}
