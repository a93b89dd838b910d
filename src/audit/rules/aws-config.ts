// AWS Config's managed rules for Secrets Manager, each with the Security Hub control that runs
// it, checked from what ListSecrets already returns (rotation, dates, KMS key): no extra call.
// Ids, parameters and defaults from the AWS documentation:
//   https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html
//   https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-rotation-enabled-check.html
//   https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-scheduled-rotation-success-check.html
//   https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-periodic-rotation.html
//   https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-unused.html
//   https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html
// Security Hub's own defaults (90 days) are looser than AWS's advice to rotate every 30 days;
// --max-rotation-days and --unused-days set them.
import {parseRotationRules, rotationIntervalDays, windowHours} from '../../stores/rotation-schedule.js'
import type {SecretListEntry} from '../../stores/store.js'
import {type AuditRule, daysBetween, isoDay} from '../finding.js'
import {suggestCommand} from '../../command-hint.js'

const DAY_MS = 86_400_000
/** The AWS managed key Secrets Manager uses when a secret names no key. */
const AWS_MANAGED_KEY_ALIAS = 'alias/aws/secretsmanager'

const rotationEnabledRule: AuditRule = {
  id: 'rotation-enabled',
  title: 'Secrets Manager secrets should have automatic rotation enabled',
  severity: 'medium',
  references: {
    configRule: 'secretsmanager-rotation-enabled-check',
    securityHubControl: 'SecretsManager.1',
    helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1',
  },
  check({entry}, settings) {
    if (!entry.rotationEnabled) {
      return [
        {
          message: 'Automatic rotation is off.',
          fix: `Turn it on: ${suggestCommand('rotate', entry.name, '--every', `${settings.maxRotationDays}d`, '--lambda', 'ARN')}`,
        },
      ]
    }

    // The control's maximumAllowedRotationFrequency: the schedule itself must rotate often enough.
    const interval = scheduleIntervalDays(entry, settings.now)
    if (interval !== undefined && interval > settings.maxRotationDays) {
      return [
        {
          message: `Rotation is scheduled every ${formatDays(interval)}, longer than the ${settings.maxRotationDays}-day limit.`,
          fix: `Shorten the schedule: ${suggestCommand('rotate', entry.name, '--every', `${settings.maxRotationDays}d`)}`,
        },
      ]
    }

    return []
  },
}

const rotationSucceededRule: AuditRule = {
  id: 'rotation-succeeded',
  title: 'Secrets Manager secrets configured with automatic rotation should rotate successfully',
  severity: 'medium',
  references: {
    configRule: 'secretsmanager-scheduled-rotation-success-check',
    securityHubControl: 'SecretsManager.2',
    helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-2',
  },
  check({entry}, settings) {
    if (!entry.rotationEnabled) return []
    const interval = scheduleIntervalDays(entry, settings.now)
    const grace = graceMs(entry)
    const fix = `Find why the rotation function failed (its CloudWatch logs), then retry: ${suggestCommand('rotate', entry.name, '--now')}`
    const missedDue = entry.nextRotationDate && settings.now.getTime() - entry.nextRotationDate.getTime() > grace
    if (missedDue) {
      return [{message: `The rotation due ${isoDay(entry.nextRotationDate!)} has not happened.`, fix}]
    }

    if (interval === undefined) return []
    const since = entry.lastRotatedDate ?? entry.createdDate
    if (since && settings.now.getTime() - since.getTime() > interval * DAY_MS + grace) {
      const what = entry.lastRotatedDate ? `last rotated ${isoDay(entry.lastRotatedDate)}` : 'never rotated'
      return [
        {
          message: `Rotation is scheduled every ${formatDays(interval)} but the secret was ${what}: a scheduled rotation failed.`,
          fix,
        },
      ]
    }

    return []
  },
}

const rotatedWithinRule: AuditRule = {
  id: 'rotated-within',
  title: 'Secrets Manager secrets should be rotated within a specified number of days',
  severity: 'medium',
  references: {
    configRule: 'secretsmanager-secret-periodic-rotation',
    securityHubControl: 'SecretsManager.4',
    helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4',
  },
  check({entry}, settings) {
    // A secret never rotated at all is the never-rotated rule's finding.
    if (!entry.lastRotatedDate) return []
    const age = daysBetween(entry.lastRotatedDate, settings.now)
    if (age <= settings.maxRotationDays) return []
    return [
      {
        message: `Last rotated ${isoDay(entry.lastRotatedDate)}, ${age} days ago (limit ${settings.maxRotationDays}).`,
        fix: `Rotate it: ${suggestCommand('rotate', entry.name, '--now')}`,
      },
    ]
  },
}

const unusedRule: AuditRule = {
  id: 'unused',
  title: 'Remove unused Secrets Manager secrets',
  severity: 'medium',
  references: {
    configRule: 'secretsmanager-secret-unused',
    securityHubControl: 'SecretsManager.3',
    helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-3',
  },
  check({entry}, settings) {
    const since = entry.lastAccessedDate ?? entry.createdDate
    if (!since) return []
    const idle = daysBetween(since, settings.now)
    if (idle <= settings.unusedDays) return []
    const what = entry.lastAccessedDate
      ? `Last read ${isoDay(entry.lastAccessedDate)}, ${idle} days ago`
      : `Never read in the ${idle} days since it was created`
    return [
      {
        message: `${what} (limit ${settings.unusedDays}).`,
        fix: `If nothing needs it, delete it (recoverable for 30 days): ${suggestCommand('delete', entry.name)}`,
      },
    ]
  },
}

const customerManagedKeyRule: AuditRule = {
  id: 'customer-managed-key',
  title: 'Secrets Manager secrets should be encrypted with a customer managed KMS key',
  severity: 'medium',
  references: {
    configRule: 'secretsmanager-using-cmk',
    helpUri: 'https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html',
  },
  enabled: (settings) => settings.requireCmk,
  check({entry}) {
    const key = entry.kmsKeyId
    if (key && key !== AWS_MANAGED_KEY_ALIAS && !key.endsWith(':alias/aws/secretsmanager')) return []
    return [
      {
        message: 'Encrypted with the AWS managed key aws/secretsmanager, not a customer managed key.',
        fix: `Re-encrypt with your key: aws secretsmanager update-secret --secret-id ${entry.name} --kms-key-id KEY_ARN`,
      },
    ]
  },
}

export const awsConfigRules: AuditRule[] = [
  rotationEnabledRule,
  rotationSucceededRule,
  rotatedWithinRule,
  unusedRule,
  customerManagedKeyRule,
]

/** Days between scheduled rotations, or undefined when the schedule cannot be read. */
function scheduleIntervalDays(entry: SecretListEntry, now: Date): number | undefined {
  const rules = entry.rotationRules
  if (!rules || (rules.automaticallyAfterDays === undefined && rules.scheduleExpression === undefined)) return undefined
  try {
    return rotationIntervalDays(parseRotationRules(rules), now)
  } catch {
    // A schedule Secrets Manager accepted but this version cannot read: judge by AutomaticallyAfterDays alone.
    return rules.automaticallyAfterDays
  }
}

/** A rotation may happen anywhere in its window: allow the window plus a day before calling it missed. */
function graceMs(entry: SecretListEntry): number {
  const rules = entry.rotationRules
  let hours = 24
  try {
    if (rules) hours = windowHours(parseRotationRules(rules), rules.duration)
  } catch {
    hours = 24
  }

  return (hours + 24) * 3_600_000
}

function formatDays(days: number): string {
  if (days < 1) return `${Math.round(days * 24)} hours`
  return `${Number.isInteger(days) ? days : days.toFixed(1)} days`
}
