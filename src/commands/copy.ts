import {Args, Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {bulkContext, bulkFlags, bulkOptions} from '../bulk/bulk-flags.js'
import {copySecrets} from '../bulk/copy-secrets.js'
import {whileStoppable} from '../bulk/stop-signal.js'

export default class Copy extends SecretsmithCommand<typeof Copy> {
  static override summary =
    'Copy secrets to another name, store, region or account, keeping description and tags, paced and resumable.'
  static override description = `Copies one secret (SOURCE DEST) or every secret under a prefix (--prefix P --to-prefix Q). The source is chosen by the usual store flags (--store, --region, --profile, --endpoint-url); the destination by --to-store, --to-region, --to-profile and --to-endpoint-url, each defaulting to the source's.

At the destination a secret is created if missing, given a new version if its value differs, and left alone if it is the same. Description and tags come along (the schema tag too; tags starting with aws: are AWS's own and stay behind); the destination encrypts with its own default KMS key. Pacing, the plan, --dry-run and --resume work as for import.`

  static override examples = [
    {
      description: 'Promote one secret from staging to production names',
      command: '<%= config.bin %> <%= command.id %> staging/app/db prod/app/db --store local',
    },
    {
      description: 'Copy a whole prefix to another region',
      command:
        '<%= config.bin %> <%= command.id %> --prefix app/ --to-prefix app/ --region eu-west-1 --to-region eu-central-1 --yes',
    },
    {
      description: 'From the local store into AWS, after looking at the plan',
      command:
        '<%= config.bin %> <%= command.id %> --prefix dev/ --to-prefix dev/ --store local --to-store aws --dry-run',
    },
  ]

  static override args = {
    source: Args.string({description: 'Name or ARN of the secret to copy', ignoreStdin: true}),
    destination: Args.string({description: 'Name to copy it to', ignoreStdin: true}),
  }

  static override flags = {
    prefix: Flags.string({summary: 'Copy every secret whose name starts with this.', dependsOn: ['to-prefix']}),
    'to-prefix': Flags.string({summary: 'Replaces --prefix at the start of each copied name.', dependsOn: ['prefix']}),
    'to-store': Flags.option({
      options: ['aws', 'local'] as const,
      summary: 'Destination store (default: the source store).',
    })(),
    'to-region': Flags.string({summary: 'Destination AWS region (default: the source region).'}),
    'to-profile': Flags.string({
      summary: 'Destination AWS profile, for another account (default: the source profile).',
    }),
    'to-endpoint-url': Flags.string({summary: 'Destination Secrets Manager endpoint (default: the source endpoint).'}),
    ...bulkFlags,
  }

  async run() {
    const {flags, args} = this
    const source = await this.store()
    const destinationKind = flags['to-store'] ?? flags.store
    const sameBackend = destinationKind === flags.store
    const destinationOptions = {
      ...this.storeOptions(),
      region: flags['to-region'] ?? (sameBackend ? flags.region : undefined),
      profile: flags['to-profile'] ?? (sameBackend ? flags.profile : undefined),
      endpointUrl: flags['to-endpoint-url'] ?? (sameBackend ? flags['endpoint-url'] : undefined),
    }
    // Wrapped like the command's own store: every copied write lands in the change log and drops stale cache entries.
    const destination = await this.openTrackedStore(destinationKind, destinationOptions)
    try {
      return await whileStoppable((stopped) =>
        copySecrets(
          {
            ...bulkContext(destination, {
              flags,
              json: this.jsonEnabled(),
              notify: (line) => this.note(line),
              stopped,
            }),
            sourceStore: source,
          },
          {
            ...bulkOptions(flags),
            source: args.source,
            destination: args.destination,
            fromPrefix: flags.prefix,
            toPrefix: flags['to-prefix'],
          },
        ),
      )
    } finally {
      await destination.close()
    }
  }
}
