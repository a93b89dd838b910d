// wrap-ansi's hard wrap, as oclif's help calls it (wrapAnsi(text, columns, {hard: true})), for
// text that holds no escape sequence and only characters one column wide: the same lines,
// without loading wrap-ansi, whose ansi-styles builds its colour conversion tables on load
// (about 10 ms, on every help page). Any other text goes to wrap-ansi as before.

/**
 * Text whose every character string-width counts as one column, that String.prototype.normalize
 * leaves as it is and that trim() does not take for white space: printable ASCII, and the few
 * marks secretsmith's help text uses (– — ‘ ’ “ ” … →). Newlines separate lines, as in wrap-ansi.
 */
const ONE_COLUMN_TEXT = /^[\x20-\x7E\n\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u2192]*$/

/** The marks beyond ASCII that ONE_COLUMN_TEXT lets through (the unit test checks each against string-width). */
export const ONE_COLUMN_MARKS = '\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u2192'

/** Whether string-width counts each character of the text as one column (line breaks apart, if allowed). */
export function isOneColumnText(text: string, newlines = true): boolean {
  return ONE_COLUMN_TEXT.test(text) && (newlines || !text.includes('\n'))
}

/** wrapAnsi(text, columns, {hard: true}), or undefined where only wrap-ansi itself can say. */
export function wrapPlain(text: string, columns: number): string | undefined {
  if (!Number.isInteger(columns) || columns < 1 || !ONE_COLUMN_TEXT.test(text)) return undefined
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n')
}

/** wrap-ansi's exec() for one line, with trim and word wrap on (its defaults) and every character one column. */
function wrapLine(line: string, columns: number): string {
  if (line.trim() === '') return ''
  const rows = ['']
  for (const [index, word] of line.split(' ').entries()) {
    rows[rows.length - 1] = rows[rows.length - 1].trimStart()
    let rowLength = rows[rows.length - 1].length
    if (index !== 0 && rowLength > 0) {
      rows[rows.length - 1] += ' '
      rowLength++
    }

    // A word longer than a line is cut across lines, starting on this one if that saves a cut.
    if (word.length > columns) {
      const remainingColumns = columns - rowLength
      const breaksStartingThisLine = 1 + Math.floor((word.length - remainingColumns - 1) / columns)
      const breaksStartingNextLine = Math.floor((word.length - 1) / columns)
      if (breaksStartingNextLine < breaksStartingThisLine) rows.push('')
      wrapWord(rows, word, columns)
      continue
    }

    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) rows.push('')
    rows[rows.length - 1] += word
  }

  // wrap-ansi drops the trailing spaces of every row.
  return rows.map((row) => row.replace(/ +$/, '')).join('\n')
}

/** wrap-ansi's wrapWord(): the word's characters added to the last row, a new row whenever one is full. */
function wrapWord(rows: string[], word: string, columns: number): void {
  let visible = rows[rows.length - 1].length
  for (let index = 0; index < word.length; index++) {
    if (visible + 1 <= columns) rows[rows.length - 1] += word[index]
    else {
      rows.push(word[index])
      visible = 0
    }

    visible++
    if (visible === columns && index < word.length - 1) {
      rows.push('')
      visible = 0
    }
  }

  if (!visible && rows[rows.length - 1].length > 0 && rows.length > 1) rows[rows.length - 2] += rows.pop()
}
