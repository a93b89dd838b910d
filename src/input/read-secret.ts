// Where a value comes from: exactly one of the hidden prompt, stdin, a file, an editor or the
// password generator — never argv. chooseValueSource turns a command's flags into one source
// (or a usage error, before anything is read or any prompt shown); readSecret reads it into a
// SecretValue and checks it is neither empty nor over the 65,536-byte limit (readSecretAsGiven
// leaves that check to the caller: lint reports it as a finding). The source
// modules use only node built-ins; the one heavy dependency (inquirer) is imported inside the
// prompt, only when a prompt is shown.
import {UsageError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {assertValidSecretValue} from '../stores/limits.js'
import {readSecretFromEditor} from './editor.js'
import {readSecretFromFile} from './file.js'
import {generatePassword, type PasswordOptions} from '../password.js'
import {readSecretFromPrompt} from './prompt.js'
import {readSecretFromStdin} from './stdin.js'
import {isInteractive} from './terminal.js'
import {PASSWORD_FLAG_NAMES, passwordOptionsFromFlags} from './value-flags.js'
import {writeWarning} from '../wording.js'

export type ValueSource =
  | {kind: 'prompt'}
  | {kind: 'stdin'; keepNewline: boolean}
  | {kind: 'file'; path: string; keepNewline: boolean}
  | {kind: 'editor'; keepNewline?: boolean}
  | {kind: 'generate'; options: PasswordOptions; template?: TemplateSource}

/** create --generate --from-stdin/--from-file: a JSON template of the fields not generated. */
export type TemplateSource = {kind: 'stdin'; keepNewline: boolean} | {kind: 'file'; path: string; keepNewline: boolean}

export interface ReadSecretOptions {
  /** The prompt's question, e.g. "Value for demo/api-key". */
  promptMessage: string
  /** Prompt: ask twice, the entries must match (for a new value). */
  confirm: boolean
  /** Editor: the current value to start from (put). */
  initial?: SecretValue
  /** Editor: temp file extension so the editor picks a syntax, e.g. ".json". */
  editorExtension?: string
  /** Non-fatal notes for the user, e.g. a world-readable --from-file. Default: "Warning: …" on stderr. */
  warn?: (message: string) => void
}

export type ValueSourceKind = ValueSource['kind']

export interface ValueSourceContext {
  /** A human is at a terminal (default: isInteractive()). The prompt and --edit need one. */
  interactive?: boolean
  /**
   * The sources the command offers; what its messages name. Default: all of them. lint offers
   * only stdin and a file: it has no prompt to fall back to, so no source is a usage error.
   */
  offered?: readonly ValueSourceKind[]
  /**
   * --generate may come with --from-stdin or --from-file: they then carry a JSON template of the
   * other fields (create --schema, where a pipeline cannot be asked for them).
   */
  generateTemplate?: boolean
}

const ALL_SOURCES: readonly ValueSourceKind[] = ['prompt', 'stdin', 'file', 'editor', 'generate']

const SOURCE_FLAGS: ReadonlyArray<{kind: Exclude<ValueSourceKind, 'prompt'>; flag: string; hint: string}> = [
  {kind: 'stdin', flag: '--from-stdin', hint: '--from-stdin'},
  {kind: 'file', flag: '--from-file', hint: '--from-file PATH'},
  {kind: 'editor', flag: '--edit', hint: '--edit'},
  {kind: 'generate', flag: '--generate', hint: '--generate'},
]

/** "--from-stdin, --from-file PATH, --edit or --generate": the source flags among `offered`. */
function sourceFlagsHint(offered: readonly ValueSourceKind[] = ALL_SOURCES): string {
  return joinWithOr(SOURCE_FLAGS.filter((source) => offered.includes(source.kind)).map((source) => source.hint))
}

function joinWithOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/**
 * The one value source the flags ask for. Two sources, or --keep-newline / password flags with a
 * source they do not apply to, are usage errors. The prompt (no source) and --edit need a human
 * at a terminal; without one they fail at once naming the flags to use instead (nothing waits).
 */
export function chooseValueSource(flags: Record<string, unknown>, context: ValueSourceContext = {}): ValueSource {
  const offered = context.offered ?? ALL_SOURCES
  const hint = sourceFlagsHint(offered)
  const given: string[] = []
  if (flags['from-stdin'] === true) given.push('--from-stdin')
  if (typeof flags['from-file'] === 'string') given.push('--from-file')
  if (flags.edit === true) given.push('--edit')
  if (flags.generate === true) given.push('--generate')
  const template = templateWithGenerate(flags, given, context)
  if (template) {
    const passwordOptions = passwordOptionsFromFlags(flags)
    return {kind: 'generate', options: passwordOptions, template}
  }

  if (given.length > 1) {
    const orPrompt = offered.includes('prompt') ? ', or the prompt' : ''
    throw new UsageError(
      `Choose one value source, not ${given.join(' and ')}; a value comes from exactly one of ${hint}${orPrompt}.`,
    )
  }

  const notOffered = SOURCE_FLAGS.find((source) => source.flag === given[0] && !offered.includes(source.kind))
  if (notOffered) throw new UsageError(`${notOffered.flag} is not a value source here; use ${hint}.`)

  const keepNewline = flags['keep-newline'] === true
  const passwordFlagsGiven = PASSWORD_FLAG_NAMES.filter((name) => flags[name] !== undefined)
  const source = given[0]
  if (passwordFlagsGiven.length > 0 && source !== '--generate') {
    throw new UsageError(`--${passwordFlagsGiven[0]} applies only with --generate.`)
  }

  if (keepNewline && (source === undefined || source === '--generate')) {
    const withNewline = SOURCE_FLAGS.filter(
      (option) => option.kind !== 'generate' && offered.includes(option.kind),
    ).map((option) => option.flag)
    throw new UsageError(`--keep-newline applies only with ${joinWithOr(withNewline)}.`)
  }

  switch (source) {
    case '--from-stdin': {
      return {kind: 'stdin', keepNewline}
    }

    case '--from-file': {
      return {kind: 'file', path: flags['from-file'] as string, keepNewline}
    }

    case '--edit': {
      // An editor needs a person at a terminal: without one, vi and friends wait for keys that
      // never come, and the run hangs until it is killed; a non-interactive run must never hang.
      if (!(context.interactive ?? isInteractive())) {
        throw new UsageError('--edit needs a terminal (none here, or CI is set); use --from-stdin or --from-file.')
      }

      return {kind: 'editor', keepNewline}
    }

    case '--generate': {
      return {kind: 'generate', options: passwordOptionsFromFlags(flags)}
    }

    default: {
      if (!offered.includes('prompt')) throw new UsageError(`No value source: pass ${hint}.`)
      if (context.interactive ?? isInteractive()) return {kind: 'prompt'}
      throw new UsageError(`No value source: not running from a terminal (or CI is set), so pass one of ${hint}.`)
    }
  }
}

/** --generate with --from-stdin or --from-file, where the command takes a template that way. */
function templateWithGenerate(
  flags: Record<string, unknown>,
  given: string[],
  context: ValueSourceContext,
): TemplateSource | undefined {
  if (!context.generateTemplate || given.length !== 2 || !given.includes('--generate')) return undefined
  const keepNewline = flags['keep-newline'] === true
  if (given.includes('--from-stdin')) return {kind: 'stdin', keepNewline}
  if (given.includes('--from-file')) return {kind: 'file', path: flags['from-file'] as string, keepNewline}
  return undefined
}

/** The value from the source, checked as a write needs it: not empty, within the 65,536-byte limit. */
export async function readSecret(source: ValueSource, options: ReadSecretOptions): Promise<SecretValue> {
  const value = await readSecretAsGiven(source, options)
  assertValidSecretValue(value)
  return value
}

/**
 * The value as the source gave it, empty or a little over the limit included (a source still
 * stops reading, with InputTooLargeError, a few bytes past the limit). For lint, which writes
 * nothing and reports those as findings of its own.
 */
export async function readSecretAsGiven(source: ValueSource, options: ReadSecretOptions): Promise<SecretValue> {
  const warn = options.warn ?? writeWarning
  switch (source.kind) {
    case 'prompt': {
      return readSecretFromPrompt({message: options.promptMessage, confirm: options.confirm})
    }

    case 'stdin': {
      return readSecretFromStdin({keepNewline: source.keepNewline})
    }

    case 'file': {
      return readSecretFromFile(source.path, {keepNewline: source.keepNewline, warn})
    }

    case 'editor': {
      return readSecretFromEditor({
        initial: options.initial,
        keepNewline: source.keepNewline ?? false,
        extension: options.editorExtension,
      })
    }

    case 'generate': {
      return generatePassword(source.options)
    }
  }
}
