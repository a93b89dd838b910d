// Human rendering of a secret's metadata for `describe`: aligned "label  value" lines.
// Metadata only; there is no value here to leak.
import {describeRotationRules} from '../stores/rotation-schedule.js'
import type {SecretDescription, SecretListEntry, StoreTarget} from '../stores/store.js'
import {describeTarget} from './write-summary.js'
import {suggestCommand} from '../command-hint.js'

/**
 * @param versions the labelled versions with their created dates, newest first; without
 * them, the description's own version map (no dates).
 */
export function formatSecretDetails(
  secret: SecretDescription,
  target: StoreTarget,
  versions?: Array<{versionId: string; stages: string[]; createdDate?: Date}>,
): string {
  const rows: Array<[string, string | undefined]> = [
    ['Name', secret.name],
    ['ARN', secret.arn],
    ['Store', describeTarget(target)],
    ['Description', secret.description],
    ['KMS key', secret.kmsKeyId],
    ['Tags', secret.tags.length > 0 ? secret.tags.map((tag) => `${tag.key}=${tag.value}`).join(', ') : undefined],
    ['Created', formatDate(secret.createdDate)],
    ['Last changed', formatDate(secret.lastChangedDate)],
    ['Last accessed', secret.lastAccessedDate ? secret.lastAccessedDate.toISOString().slice(0, 10) : undefined],
    [
      'Deletion',
      secret.deletedDate
        ? `scheduled for ${formatDate(secret.deletedDate)}; undo with: ${suggestCommand('restore', secret.name)}`
        : undefined,
    ],
    ['Rotation', formatRotation(secret)],
    ['Replicas', secret.replication?.map((replica) => `${replica.region} (${replica.status})`).join(', ') || undefined],
    [
      'Versions',
      formatVersions(versions ?? Object.entries(secret.versions).map(([versionId, stages]) => ({versionId, stages}))),
    ],
  ]
  const shown = rows.filter((row): row is [string, string] => Boolean(row[1]))
  const width = Math.max(...shown.map(([label]) => label.length))
  return shown
    .map(([label, value]) =>
      value
        .split('\n')
        .map((line, i) => `${(i === 0 ? label : '').padEnd(width)}  ${line}`)
        .join('\n'),
    )
    .join('\n')
}

/** One line per version: id, labels, and when it was created (when known), labels aligned. */
function formatVersions(versions: Array<{versionId: string; stages: string[]; createdDate?: Date}>): string {
  const labels = versions.map((version) => version.stages.join(','))
  const width = Math.max(0, ...labels.map((label) => label.length))
  return versions
    .map((version, index) =>
      version.createdDate
        ? `${version.versionId}  ${labels[index].padEnd(width)}  created ${formatDate(version.createdDate)}`
        : `${version.versionId}  ${labels[index]}`,
    )
    .join('\n')
}

/** "on, every 30 days, window 4h; next 2026-04-09T00:00:00Z; last rotated never; function ARN", or "off". */
export function formatRotation(secret: SecretListEntry, options: {brief?: boolean} = {}): string {
  if (!secret.rotationEnabled) {
    return secret.lastRotatedDate && !options.brief ? `off (last rotated ${formatDate(secret.lastRotatedDate)})` : 'off'
  }

  const parts = [`on, ${describeRotationRules(secret.rotationRules)}`]
  const day = (date: Date | undefined) => (options.brief ? date?.toISOString().slice(0, 10) : formatDate(date))
  if (secret.nextRotationDate) parts.push(`next ${day(secret.nextRotationDate)}`)
  if (!options.brief) {
    parts.push(`last rotated ${secret.lastRotatedDate ? day(secret.lastRotatedDate) : 'never'}`)
    if (secret.rotationLambdaArn) parts.push(`function ${secret.rotationLambdaArn}`)
  }

  return parts.join('; ')
}

export function formatDate(date: Date | undefined): string | undefined {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined
}
