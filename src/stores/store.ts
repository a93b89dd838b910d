// The SecretStore port: the one interface the commands talk to. Two backends implement it
// (aws.ts over the AWS SDK v3, local.ts embedded and encrypted) with the same semantics,
// proven by one contract suite (test/contract). Stores never print, prompt or import
// commands/output; they throw the typed errors from ../errors.js.
import type {PasswordOptions} from '../password.js'
import type {SecretValue} from '../secret-value.js'

export const AWSCURRENT = 'AWSCURRENT'
export const AWSPREVIOUS = 'AWSPREVIOUS'
export const AWSPENDING = 'AWSPENDING'

export type StoreKind = 'aws' | 'local'

export interface Tag {
  key: string
  value: string
}

/** Where writes go, for the summary line every write prints. */
export interface StoreTarget {
  kind: StoreKind
  /** One human phrase, e.g. "local store /home/me/.local/share/secretsmith" or "aws us-east-1 (account 123456789012)". */
  label: string
  region?: string
  account?: string
  path?: string
  endpoint?: string
}

export interface SecretRef {
  name: string
  arn: string
}

export interface WriteResult extends SecretRef {
  versionId: string
}

export interface CreateSecretInput {
  name: string
  value: SecretValue
  /** Generated once per logical write, so a retried request never makes a second version. */
  clientRequestToken: string
  description?: string
  tags?: Tag[]
  kmsKeyId?: string
  replicaRegions?: string[]
}

export interface PutValueInput {
  name: string
  value: SecretValue
  clientRequestToken: string
  /** Staging labels for the new version; default [AWSCURRENT]. */
  stages?: string[]
  /**
   * Check-and-set: fail with ConflictError unless AWSCURRENT is on this version id at the
   * moment of the write, so a concurrent update is never lost silently.
   */
  expectedCurrentVersionId?: string
}

export interface GetValueOptions {
  versionId?: string
  /** Default AWSCURRENT when neither versionId nor versionStage is given. */
  versionStage?: string
}

export interface SecretVersionValue extends SecretRef {
  versionId: string
  stages: string[]
  value: SecretValue
  createdDate: Date
}

export interface RotationRules {
  automaticallyAfterDays?: number
  scheduleExpression?: string
  duration?: string
}

export interface ReplicaStatus {
  region: string
  kmsKeyId?: string
  status: string
  statusMessage?: string
}

export interface SecretDescription extends SecretRef {
  description?: string
  kmsKeyId?: string
  tags: Tag[]
  createdDate?: Date
  lastChangedDate?: Date
  lastAccessedDate?: Date
  /** Set while the secret is scheduled for deletion: the date it will be deleted. */
  deletedDate?: Date
  rotationEnabled: boolean
  rotationLambdaArn?: string
  rotationRules?: RotationRules
  lastRotatedDate?: Date
  nextRotationDate?: Date
  /** versionId → staging labels, for every version that still has a label. */
  versions: Record<string, string[]>
  primaryRegion?: string
  replication?: ReplicaStatus[]
}

export type SecretListEntry = Omit<SecretDescription, 'versions'> & {
  /** versionId → staging labels, when the listing carries them (ListSecrets' SecretVersionsToStages). */
  versions?: Record<string, string[]>
}

/** ListSecrets' filter keys. */
export const LIST_FILTER_KEYS = [
  'name',
  'description',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
] as const

export interface ListFilter {
  key: (typeof LIST_FILTER_KEYS)[number]
  values: string[]
}

export interface ListOptions {
  filters?: ListFilter[]
  includePlannedDeletion?: boolean
  /** Page size for paginated backends; iteration still yields everything. */
  pageSize?: number
}

export interface VersionEntry {
  versionId: string
  stages: string[]
  createdDate: Date
  lastAccessedDate?: Date
}

export interface MoveStageInput {
  stage: string
  /** The version that gets the label. */
  moveToVersionId?: string
  /** The version that currently holds it (required by Secrets Manager when it is attached). */
  removeFromVersionId?: string
}

export interface UpdateMetadataInput {
  description?: string
  kmsKeyId?: string
}

export interface DeleteOptions {
  /** 7–30 days; default 30. */
  recoveryWindowDays?: number
  /** Delete at once, without recovery. */
  force?: boolean
  /**
   * The caller has just described the secret (to confirm with the user): a store that would
   * look before a forced delete (Secrets Manager force-deletes a missing name with success)
   * need not look again.
   */
  existenceChecked?: boolean
}

export interface DeleteResult extends SecretRef {
  deletionDate: Date
}

export interface RotationInput {
  /**
   * The new version's id. On the local store, with rotateImmediately, the id of the version
   * labelled AWSPENDING that the rehearsal prepared: rotate() then does finishSecret.
   */
  clientRequestToken: string
  rotationLambdaArn?: string
  rotationRules?: RotationRules
  /** Default true, as in Secrets Manager. */
  rotateImmediately?: boolean
}

export interface RotationResult extends SecretRef {
  versionId?: string
}

/** GetRandomPassword's options, shared by `generate` on both stores. */
export type {PasswordOptions} from '../password.js'

/** One secret's outcome in a batch read: its value, or the typed error reading it alone would have thrown. */
export type CurrentValueOutcome = {name: string; secret: SecretVersionValue} | {name: string; error: Error}

export interface SecretStore {
  readonly kind: StoreKind
  /** Resolves region/account/path; may call the backend once (e.g. STS-free: from an ARN or config). */
  target(): Promise<StoreTarget>
  create(input: CreateSecretInput): Promise<WriteResult>
  putValue(input: PutValueInput): Promise<WriteResult>
  getValue(name: string, options?: GetValueOptions): Promise<SecretVersionValue>
  /**
   * The current (AWSCURRENT) values of several secrets in as few calls as the backend allows,
   * one outcome per requested name or ARN (`name` is as requested). Optional: a backend
   * without a batch call leaves it out and callers read one by one.
   */
  getCurrentValues?(names: string[]): Promise<CurrentValueOutcome[]>
  describe(name: string): Promise<SecretDescription>
  list(options?: ListOptions): AsyncIterable<SecretListEntry>
  listVersions(name: string, options?: {includeDeprecated?: boolean}): Promise<VersionEntry[]>
  moveStage(name: string, input: MoveStageInput): Promise<SecretRef>
  updateMetadata(name: string, input: UpdateMetadataInput): Promise<SecretRef>
  tag(name: string, tags: Tag[]): Promise<void>
  untag(name: string, keys: string[]): Promise<void>
  delete(name: string, options?: DeleteOptions): Promise<DeleteResult>
  restore(name: string): Promise<SecretRef>
  rotate(name: string, input: RotationInput): Promise<RotationResult>
  cancelRotation(name: string): Promise<SecretRef>
  replicate(name: string, regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]>
  removeReplicas(name: string, regions: string[]): Promise<ReplicaStatus[]>
  randomPassword(options?: PasswordOptions): Promise<SecretValue>
  /** The resource policy (JSON text), or null when there is none; the local store has none. */
  getResourcePolicy(name: string): Promise<string | null>
  /** Release handles, sockets, locks. */
  close(): Promise<void>
}

/** Options every store factory understands; each backend uses what applies to it. */
export interface StoreOptions {
  /** Diagnostics sink for --debug; receives no values, ever. */
  debug?: (message: string) => void
  /** Local store: its directory (default $SECRETSMITH_HOME or the XDG data dir). */
  home?: string
  /** Warnings for the user (local: key file fallback; aws: a check-and-set label that could not be removed). */
  warn?: (message: string) => void
  /** What a store did on its own that the user should hear of, not a warning (local: its key moved into the keychain). */
  notice?: (message: string) => void
  region?: string
  profile?: string
  endpointUrl?: string
  fips?: boolean
  dualstack?: boolean
  maxAttempts?: number
  retryMode?: 'standard' | 'adaptive'
  /** Called once per HTTP request the AWS store sends (retries included), for call counts. */
  onRequest?: (operation: string) => void
}
