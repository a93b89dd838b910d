// Whether a human is at a terminal who can answer a prompt. Every prompt asks this first, so
// that a pipeline (no TTY) or a CI job (CI=true) fails at once with a usage error naming the
// flags to use instead of hanging on a question nobody will answer.
import {isatty} from 'node:tty'

/** CI=true / CI=1 (any value except empty, 0 and false) marks a non-interactive run even under a pseudo-terminal. */
export function isCiEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase()
  return value !== undefined && value !== '' && value !== '0' && value !== 'false'
}

/** stdin and stderr are both terminals (prompts read stdin and draw on stderr), and this is not CI. */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  return isatty(0) && isatty(2) && !isCiEnvironment(env)
}

export function stdinIsTerminal(): boolean {
  return isatty(0)
}
