import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {ExitCode, SecretsmithError, UsageError} from '../errors.js'
import {compareVersions} from '../history/compare-versions.js'
import {reportError} from '../output/error-report.js'
import {formatValueDiff} from '../output/value-diff.js'

/** diff(1)'s convention, so a pipeline can test it: 0 equal, 1 different, 2 or more trouble. */
export const DIFF_DIFFERENT = 1

export default class Diff extends SecretsmithCommand<typeof Diff> {
  static override summary = 'Compare two versions of a secret: keys added, removed and changed, values masked.'
  static override description = `Default: AWSPREVIOUS against AWSCURRENT. --from and --to take a version id or a staging label. A masked value shows its size and a short fingerprint that is keyed afresh on every run: equal values match within one diff, and nothing comparable leaks across runs. A value that is not a JSON object is compared whole.

Exit status as diff(1): 0 when the versions are equal, 1 when they differ, 2 or more on an error (an unexpected error, exit 1 elsewhere, exits 2 here).`

  static override examples = [
    {description: 'What the last put changed', command: '<%= config.bin %> <%= command.id %> prod/billing/db'},
    {
      description: 'Against an older version, as JSON',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --from 3f1c2a9e-0b5d-4c1e-9a7f-2d8e6b4c1a00 --json',
    },
    {
      description: 'In a script: act only when the pending version differs',
      command:
        'if ! <%= config.bin %> <%= command.id %> prod/app/config --from AWSCURRENT --to AWSPENDING >/dev/null; then echo changed; fi',
    },
    {
      description: 'Show the values (a terminal only, or with --yes)',
      command: '<%= config.bin %> <%= command.id %> demo/config --store local --reveal',
    },
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    from: Flags.string({summary: 'The older side: a version id or a staging label (default AWSPREVIOUS).'}),
    to: Flags.string({summary: 'The newer side: a version id or a staging label (default AWSCURRENT).'}),
    reveal: Flags.boolean({
      summary: 'Show the values instead of masking them (stdout must be a terminal, or pass --yes).',
    }),
  }

  async run() {
    const {flags, args} = this
    if (flags.reveal && !process.stdout.isTTY && !flags.yes) {
      throw new UsageError(
        '--reveal prints secret values: stdout is not a terminal, so it needs --yes as well; nothing was shown.',
      )
    }

    const outcome = await compareVersions(
      {store: await this.store()},
      {name: args.name, from: flags.from, to: flags.to, reveal: flags.reveal},
    )
    if (!this.jsonEnabled()) this.log(formatValueDiff(outcome.name, outcome.from, outcome.to, outcome.diff))
    if (!outcome.diff.equal) process.exitCode = DIFF_DIFFERENT
    return outcome
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    // 1 means "different" here, so an unexpected error (1 elsewhere) must not read as an answer.
    const report = reportError(error)
    if (report.exitCode !== ExitCode.Unexpected) return super.catch(error)
    const trouble = new SecretsmithError(report.message, ExitCode.Usage, report.code)
    trouble.details = report.details
    trouble.stack = error.stack
    return super.catch(trouble)
  }
}
