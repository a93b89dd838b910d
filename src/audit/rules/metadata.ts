// Sensitive text in the parts of a secret Secrets Manager does not encrypt (name, description,
// tags): the lint layer's metadata checks, the same ones every write runs, applied to what is
// already stored. With --check-values the value is handed to them too, so a description that
// repeats the password is caught. Findings say where and what kind of thing, never the text.
import {metadataFindings} from '../../lint/sensitive-metadata.js'
import type {AuditRule} from '../finding.js'
import {suggestCommand} from '../../command-hint.js'

const sensitiveMetadataRule: AuditRule = {
  id: 'sensitive-metadata',
  title: 'Names, descriptions and tags should hold nothing sensitive (they are stored unencrypted)',
  severity: 'high',
  references: {helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/best-practices.html'},
  check({entry, secretValue, value}) {
    const findings = metadataFindings({
      name: entry.name,
      description: entry.description,
      tags: entry.tags,
      ...(secretValue ? {value: secretValue} : {}),
      ...(value ? {json: value as never} : {}),
    })
    return findings.map((finding) => ({
      message: `${finding.message} [${finding.ruleId} at ${finding.location}]`,
      fix:
        finding.location === 'name'
          ? `Create the secret again under a neutral name and delete this one: ${suggestCommand('delete', entry.name)}`
          : `Edit the ${finding.location.startsWith('tag') ? 'tag' : 'description'} (aws secretsmanager ${finding.location.startsWith('tag') ? 'untag-resource' : 'update-secret --description'}), and rotate the value if it leaked.`,
    }))
  },
}

export const metadataRules: AuditRule[] = [sensitiveMetadataRule]
