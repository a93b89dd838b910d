import {Args, Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {type CompletableCommand, completionCandidates} from '../completion/candidates.js'
import {namesForCompletion} from '../completion/secret-names.js'
import {COMPLETION_SHELLS, type CompletionShell, completionScript} from '../completion/shell-scripts.js'
import {resolveCacheDir} from '../paths.js'
import {openStore} from '../stores/open-store.js'
import type {StoreKind} from '../stores/store.js'

export default class Completion extends SecretsmithCommand<typeof Completion> {
  static override summary =
    'Print a shell completion script (bash, zsh, PowerShell): commands, flags, and secret names.'
  static override description = `Completes command names, flags, the choices of flags such as --store, and secret names where a command takes one: from the local store directly, and from AWS through a list of names cached for a minute (names only, 0600 in the cache directory). The line typed so far reaches secretsmith through an environment variable, never its arguments.`

  static override examples = [
    {description: 'bash: add to ~/.bashrc', command: 'eval "$(<%= config.bin %> <%= command.id %> bash)"'},
    {description: 'zsh: add to ~/.zshrc', command: 'eval "$(<%= config.bin %> <%= command.id %> zsh)"'},
    {
      description: 'PowerShell: add to $PROFILE',
      command: '<%= config.bin %> <%= command.id %> powershell | Out-String | Invoke-Expression',
    },
  ]

  static override args = {
    shell: Args.string({
      description: 'bash, zsh or powershell (default: from $SHELL)',
      options: [...COMPLETION_SHELLS],
      ignoreStdin: true,
    }),
  }

  static override flags = {
    candidates: Flags.boolean({
      summary: 'Print the candidates for the line in SECRETSMITH_COMPLETE_LINE (used by the scripts).',
      hidden: true,
    }),
  }

  async run(): Promise<void> {
    if (!this.flags.candidates) {
      const shell = (this.args.shell ?? (process.env.SHELL?.endsWith('zsh') ? 'zsh' : 'bash')) as CompletionShell
      process.stdout.write(completionScript(shell, this.config.bin))
      return
    }

    // Completion must never print an error into the user's prompt: on any failure, offer nothing.
    try {
      const candidates = await completionCandidates(
        process.env.SECRETSMITH_COMPLETE_LINE ?? '',
        this.completableCommands(),
        async (store) => {
          const kind = (store === 'aws' || store === 'local' ? store : this.flags.store) as StoreKind
          const opened = await openStore(kind, {...this.storeOptions(), debug: undefined, warn: () => {}})
          try {
            return await namesForCompletion(opened, resolveCacheDir())
          } finally {
            await opened.close()
          }
        },
      )
      if (candidates.length > 0) process.stdout.write(`${candidates.join('\n')}\n`)
    } catch {
      // nothing to offer
    }
  }

  private completableCommands(): CompletableCommand[] {
    return this.config.commands
      .filter((command) => !command.hidden)
      .map((command) => ({
        words: command.id.split(':'),
        flags: Object.fromEntries(
          Object.entries(command.flags)
            .filter(([, flag]) => !flag.hidden)
            .map(([name, flag]) => [
              name,
              {takesValue: flag.type === 'option', options: flag.type === 'option' ? flag.options : undefined},
            ]),
        ),
        args: Object.keys(command.args ?? {}),
      }))
  }
}
