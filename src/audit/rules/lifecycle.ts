// Beyond the AWS controls, over a secret's life: a secret never rotated since it was created
// longer ago than the rotation limit (the periodic-rotation control only measures secrets that
// have rotated once), and a secret scheduled for deletion (AWS advises watching for deletions:
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/best-practices.html).
import {AWSCURRENT, AWSPENDING} from '../../stores/store.js'
import {type AuditRule, daysBetween, isoDay} from '../finding.js'
import {suggestCommand} from '../../command-hint.js'

const neverRotatedRule: AuditRule = {
  id: 'never-rotated',
  title: 'Secrets should have been rotated at least once within the rotation limit',
  severity: 'high',
  references: {helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html'},
  check({entry}, settings) {
    if (entry.lastRotatedDate || !entry.createdDate) return []
    const age = daysBetween(entry.createdDate, settings.now)
    if (age <= settings.maxRotationDays) return []
    return [
      {
        message: `Never rotated since it was created ${isoDay(entry.createdDate)}, ${age} days ago (limit ${settings.maxRotationDays}).`,
        fix: `Rotate it now and on a schedule: ${suggestCommand('rotate', entry.name, '--every', `${settings.maxRotationDays}d`, '--now')}`,
      },
    ]
  },
}

const scheduledForDeletionRule: AuditRule = {
  id: 'scheduled-for-deletion',
  title: 'Secrets scheduled for deletion',
  severity: 'low',
  references: {helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html'},
  appliesToScheduledForDeletion: true,
  check({entry}) {
    if (!entry.deletedDate) return []
    return [
      {
        message: `Scheduled for deletion on ${isoDay(entry.deletedDate)}; anything still reading it will fail now.`,
        fix: `If that was not intended, restore it before then: ${suggestCommand('restore', entry.name)}`,
      },
    ]
  },
}

const rotationIncompleteRule: AuditRule = {
  id: 'rotation-incomplete',
  title: 'A rotation should not be left half done (AWSPENDING on a version that is not AWSCURRENT)',
  severity: 'high',
  references: {helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html'},
  check({entry, versions}) {
    if (!versions) return []
    const pending = Object.entries(versions).find(
      ([, stages]) => stages.includes(AWSPENDING) && !stages.includes(AWSCURRENT),
    )
    if (!pending) return []
    return [
      {
        message: `Version ${pending[0]} is labelled AWSPENDING: a rotation started and did not finish, and the next one will resume it.`,
        fix: `Fix the rotation's cause and resume it: ${suggestCommand('rotate', entry.name, '--now')}`,
      },
    ]
  },
}

export const lifecycleRules: AuditRule[] = [neverRotatedRule, rotationIncompleteRule, scheduledForDeletionRule]
