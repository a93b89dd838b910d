// The few phrases every layer words the same way: a counted noun ("3 attempts") and a
// warning line ("Warning: …" on stderr), so no two files spell them differently.

/** "1 warning", "2 warnings". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** A warning as the user sees it: one line, never a value. */
export function warningLine(message: string): string {
  return `Warning: ${message}`
}

/** The default warning writer: one line on stderr, never on stdout where values go. */
export function writeWarning(message: string): void {
  process.stderr.write(`${warningLine(message)}\n`)
}

/** A warning writer that hands its lines to `notify` (a workflow's way of telling the user). */
export function warnVia(notify: (line: string) => void): (message: string) => void {
  return (message) => notify(warningLine(message))
}
