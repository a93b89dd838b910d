// What TAB offers at a point of a secretsmith command line: command names, flag names, a
// flag's fixed options, or secret names where the command takes one. Pure: the caller gives
// the commands (from the manifest) and a way to list names. The line itself is never printed:
// every candidate comes from a known list, filtered by the word being typed.

export interface CompletableCommand {
  /** Words of the command, e.g. ["schema", "show"]. */
  words: string[]
  /** Flag names (without dashes) and, for flags with fixed choices, the choices. */
  flags: Record<string, {options?: readonly string[]; takesValue: boolean}>
  /** Positional argument names in order, e.g. ["name"] or ["source", "destination"]. */
  args: string[]
}

/** Positional arguments whose values are secret names. */
const NAME_ARGS = new Set(['name', 'source'])

export async function completionCandidates(
  line: string,
  commands: CompletableCommand[],
  listNames: (store: string | undefined) => Promise<string[]>,
): Promise<string[]> {
  const words = line.split(/\s+/)
  const current = words.pop() ?? ''
  const typed = words.slice(1) // without the program's name
  const command = findCommand(typed, commands)
  if (!command) {
    // Still choosing the command: the next word of any command that starts with what was typed.
    const depth = typed.length
    const next = commands
      .filter((candidate) => typed.every((word, index) => candidate.words[index] === word))
      .map((candidate) => candidate.words[depth])
    return unique(next.filter((word): word is string => word !== undefined && word.startsWith(current)))
  }

  const rest = typed.slice(command.words.length)
  const previous = rest.at(-1)
  if (previous?.startsWith('--') && !previous.includes('=')) {
    const flag = command.flags[previous.slice(2)]
    if (flag?.takesValue) return (flag.options ?? []).filter((option) => option.startsWith(current))
  }

  if (current.startsWith('-')) {
    return Object.keys(command.flags)
      .map((name) => `--${name}`)
      .filter((name) => name.startsWith(current))
      .sort()
  }

  const position = positionalIndex(rest, command)
  const arg = command.args[position]
  if (arg && NAME_ARGS.has(arg)) {
    const store = storeFlag(rest)
    return (await listNames(store)).filter((name) => name.startsWith(current))
  }

  return []
}

function findCommand(typed: string[], commands: CompletableCommand[]): CompletableCommand | undefined {
  let best: CompletableCommand | undefined
  for (const candidate of commands) {
    if (candidate.words.length <= typed.length && candidate.words.every((word, index) => typed[index] === word)) {
      if (!best || candidate.words.length > best.words.length) best = candidate
    }
  }

  return best
}

/** How many positional arguments come before the word being completed (flag values skipped). */
function positionalIndex(rest: string[], command: CompletableCommand): number {
  let count = 0
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index]
    if (word === '--') return count
    if (word.startsWith('-')) {
      const flag = command.flags[word.replace(/^--?/, '').split('=')[0]]
      if (flag?.takesValue && !word.includes('=')) index++
      continue
    }

    count++
  }

  return count
}

function storeFlag(rest: string[]): string | undefined {
  for (let index = 0; index < rest.length; index++) {
    if (rest[index] === '--store') return rest[index + 1]
    if (rest[index].startsWith('--store=')) return rest[index].slice('--store='.length)
  }

  return undefined
}

function unique(words: string[]): string[] {
  return [...new Set(words)].sort()
}
