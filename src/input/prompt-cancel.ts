// Whether an error thrown by an inquirer prompt means the person left the prompt rather than
// that something broke: Ctrl-C (ExitPromptError), an abort signal (AbortPromptError) or a
// cancelled prompt (CancelPromptError). Every prompt runs inside interruptible(), which maps
// these to InterruptedError (exit 130).
// Matched by name, not instanceof, so this module does not load inquirer on the startup path.
import {InterruptedError} from '../errors.js'

const PROMPT_CANCEL_NAMES: ReadonlySet<string> = new Set(['ExitPromptError', 'AbortPromptError', 'CancelPromptError'])

export function isPromptCancel(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  // inquirer sets `name` on each class; a subclass that does not still carries its class name.
  return PROMPT_CANCEL_NAMES.has(error.name) || PROMPT_CANCEL_NAMES.has(error.constructor.name)
}

/** Runs one prompt; the person leaving it becomes InterruptedError (`message`, or the default). */
export async function interruptible<T>(ask: () => Promise<T>, message?: string): Promise<T> {
  try {
    return await ask()
  } catch (error) {
    if (isPromptCancel(error)) throw new InterruptedError(message)
    throw error
  }
}
