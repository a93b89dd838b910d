// Quoting words for a POSIX shell, for what secretsmith prints to be pasted or sourced: the
// commands it suggests and `export --format shell`.

/** POSIX single quotes: literal to the shell; a quote inside is closed, escaped and reopened. */
export function singleQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : singleQuote(word)
}
