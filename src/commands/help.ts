// `secretsmith help [COMMAND]`, as in other oclif CLIs: the same help as `COMMAND --help`
// (or -h). A plain oclif command, not a SecretsmithCommand: help needs no store, and must work
// even when the config file is broken. The words are matched against the command list only;
// one that names no command is never repeated (it may be a value typed in the wrong place).
import {Args, Command, loadHelpClass} from '@oclif/core'

export default class Help extends Command {
  static override summary = 'Show help for secretsmith, or for one command (the same as COMMAND --help or -h).'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> put',
    '<%= config.bin %> <%= command.id %> cache clear',
  ]

  static override args = {
    command: Args.string({description: 'The command, e.g. put or "cache clear"', required: false, ignoreStdin: true}),
  }

  // A topic's command is several words ("cache clear").
  static override strict = false

  async run(): Promise<void> {
    // Not parsed: a flag help does not know (--all is read by the help class) would make the
    // parser quote it back. The help class looks only at the words before the first flag.
    const HelpClass = await loadHelpClass(this.config)
    const help = new HelpClass(this.config, this.config.pjson.oclif.helpOptions ?? this.config.pjson.helpOptions)
    await help.showHelp(this.argv)
  }
}
