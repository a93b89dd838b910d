// Security Hub's tagging control for Secrets Manager, [SecretsManager.5] (AWS Config rule
// tagged-secretsmanager-secret): a secret must carry at least one tag, or every key in
// requiredTagKeys (here --require-tag); system tags (aws:) do not count, and neither does the
// schema tag secretsmith writes itself. Tag keys are case-sensitive, as in the control.
// https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-5
import type {AuditRule} from '../finding.js'
import {nounFor} from '../../wording.js'

const IGNORED_PREFIXES = ['aws:', 'secretsmith:']

const taggedRule: AuditRule = {
  id: 'tagged',
  title: 'Secrets Manager secrets should be tagged',
  severity: 'low',
  references: {
    configRule: 'tagged-secretsmanager-secret',
    securityHubControl: 'SecretsManager.5',
    helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-5',
  },
  check({entry}, settings) {
    const keys = new Set(
      entry.tags.map((tag) => tag.key).filter((key) => !IGNORED_PREFIXES.some((prefix) => key.startsWith(prefix))),
    )
    if (settings.requireTags.length > 0) {
      const missing = settings.requireTags.filter((key) => !keys.has(key))
      if (missing.length === 0) return []
      return [
        {
          severity: 'medium',
          message: `Missing required ${nounFor(missing.length, 'tag')} ${missing.join(', ')}.`,
          fix: `Tag it: aws secretsmanager tag-resource --secret-id ${entry.name} --tags ${missing.map((key) => `Key=${key},Value=...`).join(' ')}`,
        },
      ]
    }

    if (keys.size > 0) return []
    return [
      {
        message: 'The secret has no tags, so no owner or purpose can be found from it.',
        fix: `Tag it with an owner: aws secretsmanager tag-resource --secret-id ${entry.name} --tags Key=owner,Value=TEAM`,
      },
    ]
  },
}

export const tagRules: AuditRule[] = [taggedRule]
