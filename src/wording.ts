// The few phrases every layer words the same way: a counted noun ("3 attempts") and a
// warning line ("Warning: …" on stderr), so no two files spell them differently.

/**
 * An unknown command, answered without repeating the word typed: a stray word on a secretsmith
 * command line may be a value pasted in the wrong place (`secretsmith WORD`, `help WORD`, `WORD --help`).
 */
export function unknownCommandLine(commandIds: string[]): string {
  const topics = new Set(commandIds.map((id) => id.split(':')[0]))
  return `Error: Unknown command; the commands are ${[...topics].sort().join(', ')} (see secretsmith --help).`
}

/** "1 warning", "2 warnings", "1,000 secrets"; `pluralNoun` where adding an s is wrong ("entries"). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${groupDigits(count)} ${nounFor(count, noun, pluralNoun)}`
}

/**
 * A whole number with thousands separators, as toLocaleString('en-US') writes it ("1,000").
 * Written out because the first toLocaleString of a run loads the locale data, which costs a
 * command more CPU than the call it reports on (tens of milliseconds); other numbers go to it.
 */
export function groupDigits(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US')
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',')
}

/** The noun alone, in the number `count` asks for: "tag" or "tags" before a list of them. */
export function nounFor(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return count === 1 ? noun : pluralNoun
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
