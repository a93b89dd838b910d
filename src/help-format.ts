// oclif's help formatter steps (section, list, indent, a flag's value) for the common case, run
// without the packages oclif loads for them from node_modules on every help page
// (supports-color, indent-string, widest-line and string-width): no colour on this run, and
// text whose every character is one column wide. In that case each gives oclif's text byte
// for byte; in any other it answers undefined and oclif's own step runs.
import {isatty} from 'node:tty'

import {isOneColumnText} from './plain-wrap.js'

/**
 * Whether oclif's colorize() would certainly leave text as it is on this run: supports-color
 * (which oclif asks for stdout and stderr alike) answers no colour for a stdout that is no
 * terminal unless FORCE_COLOR or a --color flag says otherwise. Anything else is left to it.
 */
export function colourIsOff(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): boolean {
  return !isatty(1) && !('FORCE_COLOR' in env) && !argv.some((arg) => arg.startsWith('--color'))
}

/** indent-string (oclif's indent), with its default options. */
export function indentPlain(body: unknown, spacing: unknown): string | undefined {
  if (typeof body !== 'string' || typeof spacing !== 'number') return undefined
  return spacing === 0 ? body : body.replace(/^(?!\s*$)/gm, ' '.repeat(spacing))
}

/** The formatter steps the functions below call back into (the help class's own). */
interface Formatter {
  render(input: string): string
  indent(body: string, spacing?: number): string
  wrap(body: string, spacing?: number): string
  renderList(input: Array<Array<string | undefined>>, opts: ListOptions): string
}

interface ListOptions {
  indentation: number
  multiline?: boolean
  spacer?: string
  stripAnsi?: boolean
}

type SectionBody =
  | Array<[string, string | undefined]>
  | Array<{name: string; description: string}>
  | {header: string; body: unknown}
  | string
  | undefined

/**
 * oclif's HelpFormatter.section() with colour off: the header, then the body rendered and
 * indented (`stripAnsi` is the help option of that name, which this leaves to oclif).
 */
export function plainSection(
  formatter: Formatter,
  header: string,
  body: SectionBody,
  stripAnsi: boolean | undefined,
): string | undefined {
  if (stripAnsi || !colourIsOff() || body === undefined) return undefined
  let rendered: string | Array<[string, string | undefined]>
  if (typeof body === 'string') rendered = formatter.render(body)
  else if (Array.isArray(body))
    rendered = body.map((entry): [string, string | undefined] => {
      if ('name' in entry) return [formatter.render(entry.name), formatter.render(entry.description)]
      const [left, right] = entry
      return [formatter.render(left), right && formatter.render(right)]
    })
  else return undefined
  const text = Array.isArray(rendered) ? formatter.renderList(rendered, {indentation: 2, stripAnsi}) : rendered
  return `${header}\n${formatter.indent(text)}`
}

/**
 * oclif's HelpFormatter.renderList() for one-column text (a left column without line breaks),
 * where widest-line and string-width count characters.
 */
export function plainList(
  formatter: Formatter,
  input: Array<Array<string | undefined>>,
  opts: ListOptions,
): string | undefined {
  const plain = (text: string | undefined, newlines: boolean) =>
    text === undefined || (typeof text === 'string' && isOneColumnText(text, newlines))
  if (opts.stripAnsi || !input.every(([left, right]) => plain(left, false) && plain(right, true))) return undefined
  if (input.length === 0) return ''
  const multiline = () => {
    let output = ''
    for (const [left, right] of input) {
      if (!left && !right) continue
      if (left) output += formatter.wrap(left.trim(), opts.indentation)
      if (right) {
        output += '\n'
        output += formatter.indent(formatter.wrap(right.trim(), opts.indentation + 2), 4)
      }

      output += '\n\n'
    }

    return output.trim()
  }

  if (opts.multiline) return multiline()
  const maxLength = Math.max(0, ...input.map(([left]) => (left ?? '').length))
  let output = ''
  let spacer = opts.spacer || '\n'
  let current = ''
  for (const [left, right] of input) {
    if (current) output += spacer + current
    current = left || ''
    if (!right) {
      current = current.trim()
      continue
    }

    const [first, ...lines] = formatter
      .wrap(right.trim(), opts.indentation + maxLength + 2)
      .split('\n')
      .map((line) => line.trim())
    current += ' '.repeat(maxLength - current.length + 2) + first
    if (lines.length === 0) continue
    // Many lines: oclif renders the whole list in the multi-line form.
    if (lines.length > 4) return multiline()
    if (!opts.spacer) spacer = '\n'
    current += `\n${formatter.indent(lines.join('\n'), maxLength + 2)}`
  }

  if (current) output += spacer + current
  return output.trim()
}

interface OptionFlag {
  type: string
  name: string
  helpValue?: string | string[]
  options?: readonly string[]
  multiple?: boolean
}

/**
 * The value part of an option flag's label (DocOpts.formatUsageType: <value>, <option>, the
 * options, or the flag's helpValue, with ... when it may repeat), as oclif shows it with colour
 * off (oclif underlines a value without |, which with colour off leaves it as it is).
 */
export function plainFlagValue(flag: OptionFlag, showFlagName: boolean, showOptions: boolean): string {
  let values: string[]
  if (flag.helpValue) values = typeof flag.helpValue === 'string' ? [flag.helpValue] : flag.helpValue
  else if (flag.options) values = [showOptions ? flag.options.join('|') : '<option>']
  else if (showFlagName) values = [flag.name]
  else values = ['<value>']
  return values.map((value) => `${value}${flag.multiple ? '...' : ''}`).join(' ')
}
