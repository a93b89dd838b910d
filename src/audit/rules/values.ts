// With --check-values only: database secrets whose value lacks what their rotation function
// reads (engine, host, username, password; dbname for Oracle; masterarn for alternating
// users), so the next rotation would fail. Values are read with BatchGetSecretValue and checked
// in memory; findings name fields, never what they hold.
import {type RuleNeed} from '../finding.js'
import {schemaNameFromTags} from '../../schemas/registry.js'
import {
  checkRotationReadiness,
  databaseEngineOf,
  describeRotationGaps,
  inferRotationStrategy,
  isDatabaseSchema,
  isRotationReady,
} from '../../schemas/rotation-fields.js'
import type {AuditRule} from '../finding.js'
import {suggestCommand} from '../../command-hint.js'

const rotationFieldsRule: AuditRule = {
  id: 'rotation-fields',
  title: "A database secret's value should have every field its rotation function needs",
  severity: 'high',
  references: {
    helpUri: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html',
  },
  enabled: (settings) => settings.checkValues,
  needs(entry): RuleNeed | undefined {
    const schema = schemaNameFromTags(entry.tags)
    // A secret with another schema is not a database secret; one without may be (engine field).
    return schema === undefined || isDatabaseSchema(schema) ? 'value' : undefined
  },
  check({entry, value}) {
    const schema = schemaNameFromTags(entry.tags)
    const engine = databaseEngineOf(schema, value)
    if (!engine) return []
    if (!value) {
      return [
        {
          message: 'A database secret whose value is not a JSON object: no rotation function can read it.',
          fix: `Store it in the engine's JSON layout: secretsmith schema show ${schema ?? 'rds-postgres'}`,
        },
      ]
    }

    const readiness = checkRotationReadiness(
      engine,
      value,
      inferRotationStrategy(engine, value, entry.rotationLambdaArn),
    )
    if (isRotationReady(readiness)) return []
    return [
      {
        severity: entry.rotationEnabled ? 'high' : 'medium',
        message: `${capitalize(describeRotationGaps(readiness))}${entry.rotationEnabled ? '; the next rotation will fail' : ''}.`,
        fix: `Add the fields: ${suggestCommand('put', entry.name, '--field', [...readiness.missing, ...readiness.invalid][0] ?? 'masterarn')}`,
      },
    ]
  },
}

export const valueRules: AuditRule[] = [rotationFieldsRule]

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
