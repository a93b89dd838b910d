// The hidden prompt: what a developer at a terminal gets when no source flag is given. The
// typed characters are never echoed (each shows as "*"), the prompt is drawn on stderr so
// stdout stays clean for values and JSON, and a new value is asked twice so a typo is not
// stored. Ctrl-C becomes InterruptedError (exit 130) with nothing written.
import {UsageError, ValidationError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {MAX_SECRET_BYTES} from '../stores/limits.js'
import {interruptible} from './prompt-cancel.js'
import {isInteractive} from './terminal.js'

export interface PromptReadOptions {
  message: string
  /** Ask a second time; the two entries must match. */
  confirm: boolean
  /** How many mismatched pairs before giving up. */
  attempts?: number
  /** Test seams (inquirer's context). */
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
  /** Skip the terminal check (tests drive the prompt through fake streams). */
  assumeInteractive?: boolean
}

const DEFAULT_ATTEMPTS = 3

export async function readSecretFromPrompt(options: PromptReadOptions): Promise<SecretValue> {
  if (!options.assumeInteractive && !isInteractive()) {
    throw new UsageError(
      'Cannot prompt for the value: not running from a terminal; use --from-stdin, --from-file, --edit or --generate.',
    )
  }

  const {password} = await import('@inquirer/prompts')
  const output = options.output ?? process.stderr
  const context = {input: options.input, output}
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS
  const validate = (text: string): string | true => {
    if (text.length === 0) return 'The value cannot be empty.'
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > MAX_SECRET_BYTES) return `The value is ${bytes} bytes; the limit is ${MAX_SECRET_BYTES} bytes.`
    return true
  }

  for (let attempt = 1; attempt <= attempts; attempt++) {
    const first = await interruptible(() => password({message: options.message, mask: '*', validate}, context))
    if (!options.confirm) return SecretValue.fromText(first)
    const second = await interruptible(() => password({message: 'Repeat the value', mask: '*'}, context))
    if (first === second) return SecretValue.fromText(first)
    if (attempt < attempts) output.write('The two entries did not match; try again.\n')
  }

  throw new ValidationError(`The two entries did not match ${attempts} times; nothing was written.`)
}
