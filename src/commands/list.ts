import {Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {filterFlag, parseFilters} from '../filter-flags.js'
import {formatNameLines, formatSecretList} from '../output/secret-list.js'
import type {SecretListEntry} from '../stores/store.js'

export default class List extends SecretsmithCommand<typeof List> {
  static override summary = 'List secrets (names and metadata, never values), following every page.'
  static override description =
    'At a terminal, a table with the metadata worth scanning. When stdout is not a terminal (a pipe or a file), one name per line, sorted, and nothing else, so that list | grep and xargs work; --json is the same everywhere.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --store local',
    {
      description: 'Secrets whose name starts with prod/billing/',
      command: '<%= config.bin %> <%= command.id %> --filter name=prod/billing/',
    },
    {
      description: 'Tagged team=payments, as JSON',
      command: '<%= config.bin %> <%= command.id %> --filter tag-key=team --filter tag-value=payments --json',
    },
    {
      description: 'Describe every secret under prod/ (one name per line in a pipe)',
      command: '<%= config.bin %> <%= command.id %> --filter name=prod/ | xargs -n1 <%= config.bin %> describe',
    },
  ]

  static override flags = {
    filter: filterFlag,
    'include-planned-deletion': Flags.boolean({summary: 'Also list secrets scheduled for deletion.'}),
  }

  async run() {
    const store = await this.store()
    const secrets: SecretListEntry[] = []
    for await (const secret of store.list({
      filters: parseFilters(this.flags.filter),
      includePlannedDeletion: this.flags['include-planned-deletion'],
    })) {
      secrets.push(secret)
    }

    if (!this.jsonEnabled()) {
      if (process.stdout.isTTY) this.log(await formatSecretList(secrets))
      else process.stdout.write(formatNameLines(secrets))
    }

    return {store: await store.target(), secrets}
  }
}
