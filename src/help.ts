// secretsmith's help: the root lists commands grouped by task (author, inspect, recover, rotate,
// consume, administer) instead of one alphabetical list, and a command's help fits on a
// screen: the AWS connection flags, the same on every command, are named in one line unless
// `--help --all` asks for them in full.
import {type Command, CommandHelp, Help, type Interfaces, ux} from '@oclif/core'

import {ExitCode} from './errors.js'
import {colourIsOff, indentPlain, plainFlagValue, plainList, plainSection} from './help-format.js'
import {wrapPlain} from './plain-wrap.js'
import {unknownCommandLine} from './wording.js'

/** Commands (and topics) by the task they serve, in the order a newcomer meets them. */
export const TASK_GROUPS: ReadonlyArray<[title: string, ids: string[]]> = [
  ['AUTHOR', ['create', 'put', 'edit', 'update', 'generate', 'import', 'copy']],
  ['INSPECT', ['get', 'describe', 'list', 'versions', 'diff', 'lint', 'schema']],
  ['RECOVER', ['rollback', 'restore', 'delete', 'log']],
  ['ROTATE AND AUDIT', ['rotate', 'audit']],
  ['CONSUME', ['exec', 'export', 'cache']],
  ['ADMINISTER', ['doctor', 'completion', 'help']],
]

/** Flag groups named in one line unless --all: the same on every command, or needed only with one option. */
const COLLAPSED_GROUPS: Record<string, string> = {
  AWS: 'connection settings',
  'GENERATED PASSWORD': 'the shape of a --generate password',
  'CREATE IF MISSING': 'the metadata of a secret put --create-if-missing creates',
}

/**
 * oclif renders every string of help through ejs (loading ejs, and compiling a template function
 * each time, a hundred times for the root help). ejs reads only its tags, each of which holds
 * <% or %> (<%=, <%%, -%>, …): text with neither is returned by ejs as it is, so it is returned
 * as it is (a lone %, as in printf %s, is plain text). The tags named in `tags` (an exact
 * `<%= expression %>` and the expression's value) are filled in as ejs fills them, its HTML
 * escaping included, when nothing else in the text is ejs's; anything else goes to `render`.
 */
export function skippingPlainText(
  render: (input: string) => string,
  tags: Record<string, () => unknown> = {},
): (input: string) => string {
  const isTemplate = (text: string) => text.includes('<%') || text.includes('%>')
  return (input) => {
    if (!isTemplate(input)) return input
    let filled = input
    for (const [tag, value] of Object.entries(tags)) {
      if (!filled.includes(tag)) continue
      const text = value()
      // ejs escapes & < > " and '; a value holding one (or no string at all) is left to ejs.
      if (typeof text !== 'string' || /[&<>"']/.test(text)) return render(input)
      filled = filled.replaceAll(tag, () => text)
    }

    return isTemplate(filled) ? render(input) : filled
  }
}

/** A command's help without the summary repeated under DESCRIPTION, and examples two lines each. */
class SecretsmithCommandHelp extends CommandHelp {
  constructor(command: Command.Loadable, config: Interfaces.Config, options: Interfaces.HelpOptions) {
    super(command, config, options)
    // Read when rendered: the help renames the command (cache:clear → "cache clear") before it renders.
    this.render = skippingPlainText(this.render, {
      '<%= config.bin %>': () => this.config.bin,
      '<%= command.id %>': () => this.command.id,
    })
  }

  public override wrap(body: string, spacing = this.indentSpacing): string {
    return wrapPlain(this.render(body), this.opts.maxWidth - spacing) ?? super.wrap(body, spacing)
  }

  public override indent(body: string, spacing = this.indentSpacing): string {
    return indentPlain(body, spacing) ?? super.indent(body, spacing)
  }

  public override section(header: string, body: Parameters<Help['section']>[1]): string {
    return plainSection(this, header, body, this.opts.stripAnsi) ?? super.section(header, body)
  }

  public override renderList(
    input: Parameters<Help['renderList']>[0],
    opts: Parameters<Help['renderList']>[1],
  ): string {
    return plainList(this, input, opts) ?? super.renderList(input, opts)
  }

  protected override flagHelpLabel(flag: Command.Flag.Any, showOptions = false): string {
    if (flag.type !== 'option' || !colourIsOff()) return super.flagHelpLabel(flag, showOptions)
    // oclif's label without its value (a boolean flag's label is the name alone), then the value.
    const name = super.flagHelpLabel({...flag, type: 'boolean', allowNo: false} as Command.Flag.Any, showOptions)
    const {showFlagNameInTitle = false, showFlagOptionsInTitle = showOptions} = this.opts
    return `${name}=${plainFlagValue(flag, showFlagNameInTitle, showFlagOptionsInTitle)}`
  }

  protected override description(): string | undefined {
    // The summary is already the first line of the help.
    return this.command.description ? this.wrap(this.command.description) : undefined
  }

  protected override examples(examples: Command.Example[] | string | undefined): string | undefined {
    if (!examples || examples.length === 0) return undefined
    const list = typeof examples === 'string' ? [examples] : examples
    return list
      .map((example) => {
        if (typeof example === 'string') return example
        const command = example.command
          .replaceAll('<%= config.bin %>', this.config.bin)
          .replaceAll('<%= command.id %>', this.command.id.replaceAll(':', ' '))
        return `# ${example.description}\n${command.startsWith('$') || command.includes('|') ? command : `$ ${command}`}`
      })
      .join('\n\n')
  }
}

export default class SecretsmithHelp extends Help {
  protected override CommandHelpClass = SecretsmithCommandHelp

  constructor(config: Interfaces.Config, options?: Partial<Interfaces.HelpOptions>) {
    super(config, options)
    this.render = skippingPlainText(this.render, {'<%= config.bin %>': () => this.config.bin})
  }

  public override wrap(body: string, spacing = this.indentSpacing): string {
    return wrapPlain(this.render(body), this.opts.maxWidth - spacing) ?? super.wrap(body, spacing)
  }

  public override indent(body: string, spacing = this.indentSpacing): string {
    return indentPlain(body, spacing) ?? super.indent(body, spacing)
  }

  public override section(header: string, body: Parameters<Help['section']>[1]): string {
    return plainSection(this, header, body, this.opts.stripAnsi) ?? super.section(header, body)
  }

  public override renderList(
    input: Parameters<Help['renderList']>[0],
    opts: Parameters<Help['renderList']>[1],
  ): string {
    return plainList(this, input, opts) ?? super.renderList(input, opts)
  }

  /**
   * A topic's command list, as oclif's formatCommands() makes it with colour off: oclif strips
   * escape sequences from each summary with ansis, which leaves text without any as it is.
   */
  public override formatCommands(commands: Command.Loadable[]): string {
    // An escape sequence starts with ESC or CSI.
    const plain = (command: Command.Loadable) => {
      const summary = this.summary(command) ?? ''
      return !summary.includes('\u001B') && !summary.includes('\u009B')
    }
    if (commands.length === 0 || !colourIsOff() || this.opts.hideAliasesFromRoot || !commands.every(plain))
      return super.formatCommands(commands)
    const rows = commands.map((command) => {
      if (this.config.topicSeparator !== ':') command.id = command.id.replaceAll(':', this.config.topicSeparator)
      return [command.id, this.summary(command)]
    })
    return this.section(
      'COMMANDS',
      this.renderList(rows, {indentation: 2, spacer: '\n', stripAnsi: this.opts.stripAnsi}),
    )
  }

  /**
   * oclif's root header (summary, VERSION, USAGE, DESCRIPTION), in oclif's words, rendered by
   * this class: oclif's own root renderer sends every string through ejs and wrap-ansi.
   */
  public override formatRoot(): string {
    if (this.opts.stripAnsi) return super.formatRoot()
    const theme = this.config.theme
    const {bin, pjson, userAgent} = this.config
    const [summary, ...rest] = this.render(pjson.oclif.description || pjson.description || '').split('\n')
    const description = rest.join('\n')
    const usage = `${ux.colorize(theme?.dollarSign, '$')} ${ux.colorize(theme?.bin, bin)} ${ux.colorize(theme?.sectionDescription, '[COMMAND]')}`
    return [
      ux.colorize(theme?.commandSummary, summary),
      this.section('VERSION', this.wrap(ux.colorize(theme?.version, userAgent))),
      this.section(this.opts.usageHeader || 'USAGE', this.wrap(usage)),
      description && this.section('DESCRIPTION', this.wrap(ux.colorize(theme?.sectionDescription, description))),
    ]
      .filter(Boolean)
      .join('\n\n')
  }

  /**
   * oclif answers help for a word that is no command with "Command WORD not found": the word
   * may be a value typed in the wrong place, so it is answered as an unknown command is.
   */
  public override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv)
    } catch (error) {
      if (!(error instanceof Error && /^Command .* not found\.?$/s.test(error.message))) throw error
      process.stderr.write(`${unknownCommandLine(this.config.commandIDs)}\n`)
      process.exitCode = ExitCode.Usage
    }
  }

  protected override async showRootHelp(): Promise<void> {
    this.log(this.formatRoot())
    this.log('')
    const rows = new Map<string, string | undefined>()
    for (const topic of this.sortedTopics)
      if (!topic.name.includes(':') && !topic.hidden) rows.set(topic.name, topic.description?.split('\n')[0])
    for (const command of this.sortedCommands)
      if (!command.id.includes(':') && !command.hidden) rows.set(command.id, this.summary(command))

    const listed = new Set<string>()
    for (const [title, ids] of TASK_GROUPS) {
      const present = ids.filter((id) => rows.has(id))
      for (const id of present) listed.add(id)
      if (present.length > 0)
        this.log(
          `${this.section(
            title,
            this.renderList(
              present.map((id) => [id, rows.get(id)]),
              {indentation: 2, spacer: '\n', stripAnsi: this.opts.stripAnsi},
            ),
          )}\n`,
        )
    }

    const others = [...rows.keys()].filter((id) => !listed.has(id))
    if (others.length > 0)
      this.log(
        `${this.section(
          'OTHER',
          this.renderList(
            others.map((id) => [id, rows.get(id)]),
            {indentation: 2, spacer: '\n'},
          ),
        )}\n`,
      )
    this.log(
      `Run ${this.config.bin} COMMAND --help for a command's flags and examples; --help --all shows the AWS connection flags too.`,
    )
  }

  protected override formatCommand(command: Command.Loadable): string {
    if (process.argv.includes('--all')) return super.formatCommand(command)
    const isCollapsed = (group: string | undefined) => group !== undefined && group in COLLAPSED_GROUPS
    const flags = Object.fromEntries(Object.entries(command.flags).filter(([, flag]) => !isCollapsed(flag.helpGroup)))
    const args = Object.keys(command.args ?? {}).map((name) => name.toUpperCase())
    // The generated usage line lists every flag: five lines on a command like put. The FLAGS sections say it all.
    const usage = [...args, '[FLAGS]'].join(' ')
    const sections = [super.formatCommand({...command, flags, usage})]
    for (const [group, what] of Object.entries(COLLAPSED_GROUPS)) {
      const names = Object.entries(command.flags)
        .filter(([, flag]) => flag.helpGroup === group)
        .map(([name]) => `--${name}`)
      if (names.length > 0)
        sections.push(
          this.section(`${group} FLAGS`, this.wrap(`${names.join(' ')}: ${what}; in full with --help --all.`)),
        )
    }

    return sections.join('\n\n')
  }
}
