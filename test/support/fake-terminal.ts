// An in-memory terminal for driving @inquirer/prompts in unit tests: keystrokes go in through
// `input`, everything drawn comes out in `screen`. (The pseudo-terminal tests use ./pty.ts.)
import {PassThrough, Writable} from 'node:stream'

/**
 * A fake terminal for inquirer: keystrokes in, screen out. Inquirer ends its output stream when
 * a prompt is done unless it is stdio, so the screen ignores end() to survive a second prompt.
 */
export class FakeTerminal {
  readonly input = new PassThrough()
  screen = ''
  readonly output = new Writable({
    write: (chunk, _encoding, callback) => {
      this.screen += chunk.toString()
      this.#waiters = this.#waiters.filter((check) => !check())
      callback()
    },
  })

  #waiters: Array<() => boolean> = []

  constructor() {
    this.output.end = (() => this.output) as Writable['end']
  }

  /** Types `text` once the `occurrence`-th prompt showing `message` is on screen. */
  async typeAfter(message: string, text: string, occurrence = 1): Promise<void> {
    await this.waitForScreen(
      () => promptStarts(this.screen, message) >= occurrence,
      `prompt "${message}" #${occurrence}`,
    )
    this.input.write(text)
  }

  waitForScreen(ready: () => boolean, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} never shown; screen: ${this.screen}`)), 5000)
      const check = () => {
        if (!ready()) return false
        clearTimeout(timer)
        resolve()
        return true
      }

      if (!check()) this.#waiters.push(check)
    })
  }
}

/** How many times a prompt was started: each starts on a new line (re-renders redraw that line). */
export function promptStarts(screen: string, message: string): number {
  return screen.split(/\r?\n/).filter((line) => line.includes(message)).length
}
