// Confirmation before a destructive action (delete, force delete, restore over…). --yes skips
// it; at a terminal the user answers a yes/no question (default no), or for an action with no
// way back types the secret's name exactly; anywhere else the action needs --yes, so a script
// never hangs on a question and never destroys by default.
import {InterruptedError, UsageError} from '../errors.js'
import {interruptible} from './prompt-cancel.js'
import {isInteractive} from './terminal.js'

export interface ConfirmDestructiveOptions {
  /** What will happen, as a verb phrase: "delete", "delete without recovery". */
  action: string
  /** The secret's name (shown, and what must be typed when requireTypedName). */
  name: string
  /** --yes was given. */
  yes: boolean
  /** Ask for the name to be typed instead of y/N (for actions that cannot be undone). */
  requireTypedName?: boolean
  /** Test seams. */
  interactive?: boolean
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
}

const CANCELLED = 'Cancelled; nothing was changed.'

export async function confirmDestructive(options: ConfirmDestructiveOptions): Promise<void> {
  if (options.yes) return
  // `action` may be a bare verb ("delete") or a whole phrase that already names the secret.
  const phrase = capitalize(
    options.action.includes(options.name) ? options.action : `${options.action} ${options.name}`,
  )
  if (!(options.interactive ?? isInteractive())) {
    throw new UsageError(
      `${phrase}: needs --yes when not run from a terminal (or when CI is set); nothing was changed.`,
    )
  }

  const context = {input: options.input, output: options.output ?? process.stderr}
  const prompts = await import('@inquirer/prompts')
  if (options.requireTypedName) {
    const message = `${phrase}. This cannot be undone. Type the secret's name (${options.name}) to confirm:`
    const typed = await interruptible(() => prompts.input({message}, context), CANCELLED)
    if (typed !== options.name) throw new InterruptedError('The name did not match; cancelled, nothing was changed.')
    return
  }

  const confirmed = await interruptible(
    () => prompts.confirm({message: `${phrase}?`, default: false}, context),
    CANCELLED,
  )
  if (!confirmed) throw new InterruptedError(CANCELLED)
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
