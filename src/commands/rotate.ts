import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {nameArg} from '../command-args.js'
import {configureRotation} from '../rotation/configure-rotation.js'
import {ROTATION_STRATEGIES} from '../schemas/rotation-fields.js'

export default class Rotate extends SecretsmithCommand<typeof Rotate> {
  static override summary =
    'Turn on scheduled rotation, rotate now, or cancel rotation (on the local store, rehearse a rotation offline).'
  static override description = `Schedules are checked against Secrets Manager's rules before anything is sent: every 1 to 1,000 days, rate() no more often than every 4 hours, cron() in its six-field UTC form (minutes 0, year *), and a window (1h-24h) that closes before the next window and before midnight UTC. Without a schedule, rotation runs every 30 days.

A secret created with a database --schema is checked first: its value must have every field the engine's AWS rotation function reads (engine, host, username, password; dbname for Oracle; masterarn for the alternating-users strategy). If one is missing, nothing changes and the exit code is 5.

On the local store, --now rehearses the four steps of a rotation function: createSecret (a new AWSPENDING version with the generated field renewed), setSecret and testSecret (your --hook command, given the pending value on stdin; skipped without one), finishSecret (AWSCURRENT moves to the new version). A failing step leaves AWSPENDING in place, as on AWS; run rotate --now again to resume.`

  static override examples = [
    {
      description: 'Rotate every 30 days with an AWS rotation function',
      command:
        '<%= config.bin %> <%= command.id %> prod/billing/db --every 30d --lambda arn:aws:lambda:eu-west-1:123456789012:function:SecretsManagerRDSPostgreSQLRotationSingleUser',
    },
    {
      description: 'The first Sunday of each month, in a 4-hour window from 02:00 UTC',
      command: "<%= config.bin %> <%= command.id %> prod/billing/db --schedule 'cron(0 2 ? * SUN#1 *)' --window 4h",
    },
    {
      description: 'Rotate now, with the schedule already set',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db --now',
    },
    {
      description: 'Rehearse offline; the hook reads the pending value on stdin',
      command: "<%= config.bin %> <%= command.id %> demo/db --store local --now --hook './set-db-password.sh'",
    },
    {description: 'Stop scheduled rotation', command: '<%= config.bin %> <%= command.id %> prod/billing/db --cancel'},
  ]

  static override args = {
    name: nameArg(),
  }

  static override flags = {
    every: Flags.string({summary: 'Rotate every N days (30d) or hours (12h, at least 4h).', exclusive: ['schedule']}),
    schedule: Flags.string({
      summary: "A Secrets Manager schedule expression: 'rate(N hours|days)' or 'cron(0 H DOM MON DOW *)', UTC.",
    }),
    window: Flags.string({
      summary:
        'Length of the rotation window, 1h to 24h (default: 1h for hourly schedules, the rest of the UTC day otherwise).',
    }),
    lambda: Flags.string({summary: 'ARN of the rotation function (AWS; needed the first time).'}),
    strategy: Flags.option({
      options: ROTATION_STRATEGIES,
      summary:
        'Database rotation strategy to check the value for (default: from the function name, or masterarn in the value).',
    })(),
    now: Flags.boolean({summary: 'Rotate immediately (and keep the schedule).'}),
    cancel: Flags.boolean({summary: 'Turn scheduled rotation off (CancelRotateSecret); the value is unchanged.'}),
    hook: Flags.string({
      summary: 'Local rehearsal: a shell command run for setSecret and testSecret, with the pending value on stdin.',
    }),
  }

  async run() {
    const {flags, args} = this
    return configureRotation(
      {store: await this.store(), notify: (line) => this.note(line), changes: this.changes},
      {
        name: args.name,
        every: flags.every,
        schedule: flags.schedule,
        window: flags.window,
        lambda: flags.lambda,
        strategy: flags.strategy,
        now: flags.now,
        cancel: flags.cancel,
        hook: flags.hook,
      },
    )
  }
}
