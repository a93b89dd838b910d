// `diff`: two versions of a secret, read by id or label, compared with values masked (or, when
// asked, revealed). Two GetSecretValue calls; the values live only in memory, for the compare.
import {UsageError} from '../errors.js'
import {AWSCURRENT, AWSPREVIOUS, type SecretStore, type StoreTarget} from '../stores/store.js'
import type {ValueDiff} from '../output/value-diff.js'
import {diffValues} from './value-diff.js'
import {versionSelector} from './version-selector.js'

export interface CompareRequest {
  name: string
  /** Version id or staging label; default AWSPREVIOUS. */
  from?: string
  /** Version id or staging label; default AWSCURRENT. */
  to?: string
  reveal: boolean
}

export interface VersionSide {
  versionId: string
  stages: string[]
  createdDate: string
}

export interface CompareOutcome {
  name: string
  arn: string
  store: StoreTarget
  from: VersionSide
  to: VersionSide
  diff: ValueDiff
}

export async function compareVersions(context: {store: SecretStore}, request: CompareRequest): Promise<CompareOutcome> {
  const {store} = context
  const fromText = request.from ?? AWSPREVIOUS
  const toText = request.to ?? AWSCURRENT
  if (fromText.trim() === '' || toText.trim() === '')
    throw new UsageError('--from and --to take a version id or a staging label.')
  const from = await store.getValue(request.name, versionSelector(fromText))
  const to = await store.getValue(request.name, versionSelector(toText))
  return {
    name: to.name,
    arn: to.arn,
    store: await store.target(),
    from: side(from),
    to: side(to),
    diff: diffValues(from.value, to.value, {reveal: request.reveal}),
  }
}

function side(version: {versionId: string; stages: string[]; createdDate: Date}): VersionSide {
  return {versionId: version.versionId, stages: version.stages, createdDate: version.createdDate.toISOString()}
}
