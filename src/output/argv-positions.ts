// Finds which words of a command line the parser could not place (unknown flags, stray
// arguments), so an error can point at them by position without repeating them: a word
// typed where a flag or argument goes may be a value pasted in the wrong place.
// Pure: works on argv and the command's flag definitions only.
import {closestName} from '../near-miss.js'

/** The parts of an oclif flag definition this module looks at. */
export interface FlagShape {
  type: 'boolean' | 'option'
  char?: string
  allowNo?: boolean
}

export interface CommandLineShape {
  /** The words after the command id, as oclif received them. */
  argv: readonly string[]
  flags: Readonly<Record<string, FlagShape>>
  /** How many positional arguments the command takes. */
  argCount: number
}

export interface MisplacedWord {
  /** 1-based position among the words after the command name. */
  position: number
  kind: 'flag' | 'argument'
  /** A known flag the word is a near miss of, e.g. "--from-stdin" for a typo; never the word itself. */
  suggestion?: string
}

/** Every word the parser would reject, in order. */
export function findMisplacedWords(shape: CommandLineShape): MisplacedWord[] {
  const flags: Record<string, FlagShape> = {json: {type: 'boolean'}, help: {type: 'boolean'}, ...shape.flags}
  const byChar = new Map(
    Object.entries(flags).flatMap(([name, flag]) => (flag.char ? [[flag.char, name] as const] : [])),
  )
  const misplaced: MisplacedWord[] = []
  let positional = 0
  let takesValue = false
  let afterDoubleDash = false

  shape.argv.forEach((word, index) => {
    const position = index + 1
    if (takesValue) {
      takesValue = false
      return
    }

    if (afterDoubleDash || !word.startsWith('-') || word === '-') {
      positional += 1
      if (positional > shape.argCount) misplaced.push({position, kind: 'argument'})
      return
    }

    if (word === '--') {
      afterDoubleDash = true
      return
    }

    if (word.startsWith('--')) {
      const [name, ...rest] = word.slice(2).split('=')
      const flag =
        flags[name] ?? (name.startsWith('no-') && flags[name.slice(3)]?.allowNo ? flags[name.slice(3)] : undefined)
      if (!flag) {
        misplaced.push({position, kind: 'flag', suggestion: closestFlag(name, Object.keys(flags))})
        return
      }

      if (flag.type === 'option' && rest.length === 0) takesValue = true
      return
    }

    const name = byChar.get(word[1])
    const flag = name === undefined ? undefined : flags[name]
    if (!flag || (flag.type === 'boolean' && word.length > 2)) {
      // "-yVALUE": oclif reads y, then rejects the rest as a flag of its own.
      misplaced.push({position, kind: 'flag'})
      return
    }

    if (flag.type === 'option' && word.length === 2) takesValue = true
  })

  return misplaced
}

/** "word 3", "words 3 and 5", "words 2, 3 and 5". */
export function describePositions(words: readonly MisplacedWord[]): string {
  const positions = words.map((word) => String(word.position))
  if (positions.length === 1) return `word ${positions[0]}`
  return `words ${positions.slice(0, -1).join(', ')} and ${positions.at(-1)}`
}

/**
 * A known flag within a small edit distance of what was typed, so a typo gets a hint. Only
 * near misses count: anything further away is more likely a value than a misspelt flag.
 */
function closestFlag(typed: string, known: readonly string[]): string | undefined {
  const name = closestName(typed.toLowerCase(), known)
  return name && `--${name}`
}
