// Human rendering of a secret's metadata for `describe`: aligned "label  value" lines.
// Metadata only; there is no value here to leak.
import type {SecretDescription, StoreTarget} from '../stores/store.js'
import {describeTarget} from './write-summary.js'

export function formatSecretDetails(secret: SecretDescription, target: StoreTarget): string {
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
        ? `scheduled for ${formatDate(secret.deletedDate)}; undo with: secretsmith restore ${secret.name}`
        : undefined,
    ],
    ['Rotation', formatRotation(secret)],
    ['Replicas', secret.replication?.map((replica) => `${replica.region} (${replica.status})`).join(', ') || undefined],
    [
      'Versions',
      Object.entries(secret.versions)
        .map(([id, stages]) => `${id} ${stages.join(',')}`)
        .join('\n'),
    ],
  ]
  const shown = rows.filter((row): row is [string, string] => Boolean(row[1]))
  const width = Math.max(...shown.map(([label]) => label.length))
  return shown
    .map(([label, value]) => value.split('\n').map((line, i) => `${(i === 0 ? label : '').padEnd(width)}  ${line}`).join('\n'))
    .join('\n')
}

function formatRotation(secret: SecretDescription): string {
  if (!secret.rotationEnabled) return 'off'
  const rules = secret.rotationRules
  const every = rules?.scheduleExpression ?? (rules?.automaticallyAfterDays ? `every ${rules.automaticallyAfterDays} days` : 'on')
  const parts = [every]
  if (secret.nextRotationDate) parts.push(`next ${formatDate(secret.nextRotationDate)}`)
  if (secret.lastRotatedDate) parts.push(`last ${formatDate(secret.lastRotatedDate)}`)
  if (secret.rotationLambdaArn) parts.push(`function ${secret.rotationLambdaArn}`)
  return parts.join('; ')
}

export function formatDate(date: Date | undefined): string | undefined {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined
}
