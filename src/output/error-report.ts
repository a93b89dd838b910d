// Turns anything thrown into the one line the user sees and the exit code they get.
// Third-party messages are never passed through verbatim: oclif's parser quotes unexpected
// arguments (which may be a value someone typed by mistake), JSON.parse and zod quote their
// input, and SDK errors can echo request fields. Only our own typed errors keep their text.
import {ExitCode, SecretsmithError} from '../errors.js'
import {isPromptCancel} from '../input/prompt-cancel.js'
import {type CommandLineShape, describePositions, findMisplacedWords} from './argv-positions.js'

export interface ErrorReport {
  message: string
  exitCode: number
  code: string
  details?: unknown
}

const SOURCE_HINT = 'values come only from the prompt, --from-stdin, --from-file, --edit or --generate'

/**
 * @param commandLine the words after the command name and the command's flags, so a word the
 * parser rejected can be pointed at by position instead of being repeated.
 */
export function reportError(error: unknown, commandLine?: CommandLineShape): ErrorReport {
  if (error instanceof SecretsmithError) {
    return {message: oneLine(error.message), exitCode: error.exitCode, code: error.code, details: error.details}
  }

  const name = error instanceof Error ? error.constructor.name || error.name : typeof error
  const message = error instanceof Error ? error.message : ''

  if (isPromptCancel(error)) {
    return {message: 'Interrupted; nothing was written.', exitCode: ExitCode.Interrupted, code: 'Interrupted'}
  }

  switch (name) {
    case 'UnexpectedArgsError':
    case 'NonExistentFlagsError': {
      // Neither the stray word nor the unknown flag is repeated, even up to an '=': a value
      // pasted where a flag goes ("--hunter2", "-yVALUE") is all flag name.
      const words = commandLine ? findMisplacedWords(commandLine) : []
      const kind = name === 'UnexpectedArgsError' ? 'argument' : 'flag'
      const ofKind = words.filter((word) => word.kind === kind)
      const where = ofKind.length > 0 ? ` at ${describePositions(ofKind)} after the command name` : ''
      const hints = [...new Set(ofKind.flatMap((word) => (word.suggestion ? [word.suggestion] : [])))]
      const hint = hints.length > 0 ? ` Did you mean ${hints.join(' or ')}?` : ''
      const what =
        kind === 'argument'
          ? `Unexpected argument${ofKind.length > 1 ? 's' : ''}`
          : `Unknown flag${ofKind.length > 1 ? 's' : ''}`
      return usage(
        `${what}${where} (not repeated: it may be a value); see --help.${hint} No flag or argument takes a secret value (${SOURCE_HINT}).`,
      )
    }

    // oclif's parser raises plain CLIErrors for bad flag values (not an integer, out of
    // min/max, a flag given twice); secretsmith itself never throws CLIError.
    case 'CLIError':
    case 'RequiredArgsError':
    case 'FlagInvalidOptionError':
    case 'ArgInvalidOptionError':
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError':
    case 'CLIParseError':
    case 'InvalidArgsSpecError': {
      // A flag value may be a secret typed in the wrong place: the parser's text is kept, but a
      // value it quotes is dropped unless it is a number (the expected shape of every numeric flag).
      const text = withoutQuotedValues(oneLine(message.replace(/See more help with --help/, '')))
        .replace(/^Parsing (--[\w-]+) /, '$1: ')
        .replace(/(Missing \d+ required args?: \w+)\s+.*/, '$1')
      return usage(`${text}; see --help.`)
    }

    default: {
      const exit = (error as {oclif?: {exit?: number}})?.oclif?.exit
      if (name === 'ExitError' && typeof exit === 'number') return {message: '', exitCode: exit, code: 'Exit'}
      return {
        message: `Unexpected ${name}; nothing more is shown because it may quote input. Re-run with --debug for a stack trace.`,
        exitCode: ExitCode.Unexpected,
        code: 'Unexpected',
      }
    }
  }
}

/** "Expected --store=hunter2 to be one of: …", "but received: hunter2": keep flag names, drop values. */
function withoutQuotedValues(text: string): string {
  return text
    .replace(/Expected (--[A-Za-z][\w-]*)=.*? to be one of:/, 'Expected $1 to be one of:')
    .replace(/(--[A-Za-z][\w-]*)=.*? cannot also be provided/, '$1 cannot also be provided')
    .replace(/ but received: (.*)$/, (whole, value: string) => (/^-?\d{1,12}$/.test(value.trim()) ? whole : ''))
    .replace(/^The following errors? occurred:\s*/, '')
}

/** A stack trace without its message line(s): frames name code, never data. */
export function stackFrames(error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return ''
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')
}

function usage(message: string): ErrorReport {
  return {message: oneLine(message), exitCode: ExitCode.Usage, code: 'Usage'}
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s*;\s*;/g, ';')
    .replace(/:\s*;/g, ':')
}
