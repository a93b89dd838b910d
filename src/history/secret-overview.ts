// `describe`: a secret's metadata with each labelled version's created date. DescribeSecret
// names the versions and their labels but not when each was made; ListSecretVersionIds does
// (CreatedDate: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_SecretVersionsListEntry.html),
// so describe makes that one read more, at the same time as DescribeSecret. For a secret
// scheduled for deletion the listing is not used; its versions are shown without dates.
import {SecretsmithError} from '../errors.js'
import type {SecretDescription, SecretStore, StoreTarget} from '../stores/store.js'

export interface VersionOverview {
  versionId: string
  stages: string[]
  createdDate?: Date
}

export interface SecretOverview {
  secret: SecretDescription
  /** The labelled versions, newest first (by created date, when known). */
  versions: VersionOverview[]
  store: StoreTarget
}

export async function describeSecret(
  context: {store: SecretStore; warn: (message: string) => void},
  name: string,
): Promise<SecretOverview> {
  const {store} = context
  // Both reads at once: describe costs one round trip, not two. The listing's failure is
  // settled here (never an unhandled rejection) and matters only for a secret that exists.
  const listing = store.listVersions(name).then(
    (entries) => ({ok: true as const, entries}),
    (error: unknown) => ({ok: false as const, error}),
  )
  const secret = await store.describe(name)
  const listed = await listing
  const created = new Map<string, Date>()
  if (!secret.deletedDate) {
    if (listed.ok) {
      for (const version of listed.entries) created.set(version.versionId, version.createdDate)
    } else {
      // The metadata is what was asked for; a listing refused (e.g. no ListSecretVersionIds
      // permission) costs only the dates.
      if (!(listed.error instanceof SecretsmithError)) throw listed.error
      context.warn(`the versions' created dates could not be read: ${listed.error.message}`)
    }
  }

  const versions = Object.entries(secret.versions)
    .map(([versionId, stages]) => ({versionId, stages, createdDate: created.get(versionId)}))
    .sort((a, b) => (b.createdDate?.getTime() ?? 0) - (a.createdDate?.getTime() ?? 0))
  return {secret, versions, store: await store.target()}
}
