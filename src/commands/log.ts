import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {optionalNameArg} from '../command-args.js'
import {UsageError} from '../errors.js'
import {readChangeLog} from '../history/change-log.js'
import {trailSubject} from '../history/trail-subject.js'
import {parseSince} from '../history/since.js'
import {formatChangeLog} from '../output/change-log.js'
import {formatTrailEvents} from '../output/trail-events.js'
import {resolveDataDir} from '../paths.js'
import {warningLine} from '../wording.js'

export default class Log extends SecretsmithCommand<typeof Log> {
  static override summary =
    'Show the changes secretsmith made from this machine (local change log), or CloudTrail events for a secret.'
  static override description = `Every write secretsmith makes, to either store, appends one line to the change log in the data directory: time, OS user, host, command, store, secret, version ids before and after, and the names of the keys changed. Never a value.

With --cloudtrail (aws store), reads AWS CloudTrail's record of who read, changed or deleted the secret (LookupEvents: management events of the last 90 days, every client, not only this machine): time, event, principal, source IP and user agent. DeleteSecret calls and callers from outside the secret's account are flagged. Needs cloudtrail:LookupEvents; AWS_ENDPOINT_URL_CLOUDTRAIL points it at another endpoint.`

  static override examples = [
    {description: 'Everything recorded in the last 7 days', command: '<%= config.bin %> <%= command.id %>'},
    {
      description: 'One secret, as JSON',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --since 30d --json',
    },
    {
      description: "AWS's own record of who touched the secret",
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --cloudtrail --since 7d',
    },
  ]

  static override args = {
    name: optionalNameArg('Name or ARN of the secret (default: every secret)'),
  }

  static override flags = {
    since: Flags.string({
      summary: 'How far back: a duration (30m, 12h, 7d, 2w) or a date (2026-11-30).',
      default: '7d',
    }),
    cloudtrail: Flags.boolean({
      summary: 'Read AWS CloudTrail events for the secret instead of the local change log (aws store).',
    }),
  }

  async run() {
    const {flags, args} = this
    const since = parseSince(flags.since)
    if (flags.cloudtrail) return this.cloudTrail(since)
    const dataDir = resolveDataDir()
    const {entries, skippedLines} = await readChangeLog(dataDir, {secret: args.name, since})
    if (skippedLines > 0)
      this.note(warningLine(`${skippedLines} line(s) of the change log could not be read and were skipped.`))
    if (!this.jsonEnabled()) this.log(await formatChangeLog(entries))
    return {since: since.toISOString(), entries}
  }

  private async cloudTrail(since: Date) {
    const {name} = this.args
    if (!name) throw new UsageError('log --cloudtrail needs the name or ARN of a secret.')
    if (this.flags.store !== 'aws') throw new UsageError('--cloudtrail reads AWS CloudTrail, so it needs --store aws.')
    const subject = await trailSubject(await this.store(), name, (line) => this.note(line))
    const {lookupSecretEvents} = await import('../history/cloudtrail.js')
    const result = await lookupSecretEvents(this.storeOptions(), {
      resource: subject.resource,
      accountId: subject.accountId,
      since,
    })
    if (result.truncated)
      this.note(
        `Note: more than ${result.events.length} events matched; the newest are shown. Narrow --since to see older ones.`,
      )
    if (!this.jsonEnabled()) this.log(await formatTrailEvents(result.events))
    return {secret: name, resource: subject.resource, since: since.toISOString(), ...result}
  }
}
