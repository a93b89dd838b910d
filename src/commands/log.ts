import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {optionalNameArg} from '../command-args.js'
import {readChangeLog} from '../history/change-log.js'
import {parseSince} from '../history/since.js'
import {formatChangeLog} from '../output/change-log.js'
import {resolveDataDir} from '../paths.js'

export default class Log extends SecretsmithCommand<typeof Log> {
  static override summary = 'Show the changes secretsmith made from this machine (the local change log).'
  static override description = `Every write secretsmith makes, to either store, appends one line to the change log in the data directory: time, OS user, host, command, store, secret, version ids before and after, and the names of the keys changed. Never a value.`

  static override examples = [
    {description: 'Everything recorded in the last 7 days', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'One secret, as JSON', command: '<%= config.bin %> <%= command.id %> prod/billing/db --since 30d --json'},
  ]

  static override args = {
    name: optionalNameArg('Name or ARN of the secret (default: every secret)'),
  }

  static override flags = {
    since: Flags.string({summary: 'How far back: a duration (30m, 12h, 7d, 2w) or a date (2026-11-30).', default: '7d'}),
  }

  async run() {
    const {flags, args} = this
    const since = parseSince(flags.since)
    const dataDir = resolveDataDir()
    const {entries, skippedLines} = await readChangeLog(dataDir, {secret: args.name, since})
    if (skippedLines > 0) this.note(`Warning: ${skippedLines} line(s) of the change log could not be read and were skipped.`)
    if (!this.jsonEnabled()) this.log(await formatChangeLog(entries))
    return {since: since.toISOString(), entries}
  }
}
