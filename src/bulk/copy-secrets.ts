// The `copy` workflow: secrets from one store, region or account to another (one by name, or
// every secret under a prefix), keeping description and tags (the schema tag with them), with
// the same plan, pacing and resume as `import`. Values go from one store's memory to the
// other's; the journal, the plan and the summary hold names only.
import {NotFoundError, UsageError} from '../errors.js'
import type {SecretListEntry, SecretStore, StoreTarget, Tag} from '../stores/store.js'
import type {PendingEntry} from './bulk-write.js'
import {type BulkContext, type BulkOptions, type BulkOutcome, runBulk} from './import-secrets.js'

export interface CopyRequest extends BulkOptions {
  /** One secret: its name (or ARN) at the source and its name at the destination. */
  source?: string
  destination?: string
  /** Every secret whose name starts with `fromPrefix`, renamed to start with `toPrefix`. */
  fromPrefix?: string
  toPrefix?: string
}

export interface CopyContext extends BulkContext {
  /** Where the secrets are read from; `store` (the destination) is where they are written. */
  sourceStore: SecretStore
}

export async function copySecrets(context: CopyContext, request: CopyRequest): Promise<BulkOutcome> {
  const pairs = await copyPairs(context.sourceStore, request)
  const [from, to] = await Promise.all([context.sourceStore.target(), context.store.target()])
  if (sameTarget(from, to) && pairs.some((pair) => pair.from.name === pair.to)) {
    throw new UsageError(
      'The source and the destination are the same secret; give another name, prefix, store, region or profile.',
    )
  }

  return runBulk(context, request, {
    verb: 'Copied',
    kind: 'copy',
    journalKey: `copy\0${from.label}\0${to.label}\0${request.source ?? request.fromPrefix}\0${request.destination ?? request.toPrefix}`,
    total: pairs.length,
    entries: () => readPairs(context, pairs),
  })
}

interface CopyPair {
  from: SecretListEntry
  to: string
}

async function copyPairs(source: SecretStore, request: CopyRequest): Promise<CopyPair[]> {
  if (request.source !== undefined) {
    if (request.fromPrefix !== undefined || request.toPrefix !== undefined)
      throw new UsageError('Give SOURCE and DEST, or --prefix and --to-prefix, not both.')
    if (!request.destination) throw new UsageError('Give the destination name too: copy SOURCE DEST.')
    const description = await source.describe(request.source)
    return [{from: description, to: request.destination}]
  }

  if (request.fromPrefix === undefined || request.toPrefix === undefined) {
    throw new UsageError(
      'Give SOURCE and DEST, or --prefix P with --to-prefix Q (Q may be the same as P when the store, region or profile differs).',
    )
  }

  const pairs: CopyPair[] = []
  // Metadata only (names, descriptions, tags): values are read one at a time as they are written.
  for await (const entry of source.list({filters: [{key: 'name', values: [request.fromPrefix]}]})) {
    if (entry.name.startsWith(request.fromPrefix))
      pairs.push({from: entry, to: `${request.toPrefix}${entry.name.slice(request.fromPrefix.length)}`})
  }

  if (pairs.length === 0)
    throw new NotFoundError(`No secret's name starts with ${request.fromPrefix} in the source store.`)
  return pairs
}

async function* readPairs(context: CopyContext, pairs: CopyPair[]): AsyncIterable<PendingEntry> {
  for (const pair of pairs) {
    yield {
      name: pair.to,
      description: pair.from.description,
      tags: copyableTags(pair.from.tags),
      origin: pair.from.name,
      async loadValue() {
        await context.pacer.take('read')
        return (await context.sourceStore.getValue(pair.from.arn || pair.from.name)).value
      },
    }
  }
}

/** Tags starting with "aws:" are reserved for AWS and cannot be set by anyone else. */
function copyableTags(tags: Tag[]): Tag[] | undefined {
  const kept = tags.filter((tag) => !tag.key.toLowerCase().startsWith('aws:'))
  return kept.length > 0 ? kept : undefined
}

function sameTarget(a: StoreTarget, b: StoreTarget): boolean {
  return a.kind === b.kind && a.label === b.label
}
