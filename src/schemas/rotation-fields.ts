// What the AWS-provided rotation functions read from a database secret's value, per engine and
// strategy, so `rotate` can refuse before enabling a rotation that would fail, and `audit
// --check-values` can find the secrets whose rotation is bound to fail. Source: the Secrets
// Manager user guide, "JSON structure of AWS Secrets Manager secrets"
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html)
// and "Rotation strategies" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html):
// every function needs engine, host, username and password; Oracle also dbname; the
// alternating-users strategy also masterarn, the ARN of the secret holding the admin user that
// creates and updates the clone user; Db2 users cannot change their own password, so Db2 has
// only the alternating-users strategy.
import {SECRET_ARN_PATTERN} from './field-rules.js'

export type RotationStrategy = 'single-user' | 'alternating-users'

export const ROTATION_STRATEGIES: readonly RotationStrategy[] = ['single-user', 'alternating-users']

interface EngineNeeds {
  product: string
  extra: string[]
  alternatingOnly?: boolean
}

/** Keyed by the value's engine field, as the rotation functions read it. */
const ENGINE_NEEDS: Readonly<Record<string, EngineNeeds>> = {
  mysql: {product: 'MySQL', extra: []},
  mariadb: {product: 'MariaDB', extra: []},
  postgres: {product: 'PostgreSQL', extra: []},
  oracle: {product: 'Oracle', extra: ['dbname']},
  sqlserver: {product: 'SQL Server', extra: []},
  db2: {product: 'Db2', extra: [], alternatingOnly: true},
  redshift: {product: 'Redshift', extra: []},
  mongo: {product: 'DocumentDB', extra: []},
}

const BASE_FIELDS = ['engine', 'host', 'username', 'password']

/** The database schemas' names map to engines (rds-postgres → postgres...). */
const SCHEMA_ENGINES: Readonly<Record<string, string>> = {
  'rds-mysql': 'mysql',
  'rds-mariadb': 'mariadb',
  'rds-postgres': 'postgres',
  'rds-oracle': 'oracle',
  'rds-sqlserver': 'sqlserver',
  'rds-db2': 'db2',
  redshift: 'redshift',
  documentdb: 'mongo',
}

export interface RotationReadiness {
  engine: string
  product: string
  strategy: RotationStrategy
  /** Fields missing or empty, in the order the function reads them. */
  missing: string[]
  /** Fields present but unusable, e.g. masterarn that is not a secret ARN. */
  invalid: string[]
  /** Db2: single-user was asked for but the engine has only alternating users. */
  strategyUnsupported: boolean
}

/** The engine a secret is for: its schema tag, else its value's engine field when that is a known engine. */
export function databaseEngineOf(
  schemaName: string | undefined,
  value: Record<string, unknown> | undefined,
): string | undefined {
  if (schemaName && SCHEMA_ENGINES[schemaName]) return SCHEMA_ENGINES[schemaName]
  const engine = value?.engine
  return typeof engine === 'string' && ENGINE_NEEDS[engine] ? engine : undefined
}

export function isDatabaseSchema(schemaName: string | undefined): boolean {
  return schemaName !== undefined && SCHEMA_ENGINES[schemaName] !== undefined
}

/**
 * The strategy to check for: the one asked for; else alternating users when the function's
 * name says MultiUser (the AWS templates are named ...RotationSingleUser / ...RotationMultiUser)
 * or the value already carries masterarn or the engine has no other; else single user.
 */
export function inferRotationStrategy(
  engine: string,
  value: Record<string, unknown> | undefined,
  lambdaArn?: string,
): RotationStrategy {
  if (ENGINE_NEEDS[engine]?.alternatingOnly) return 'alternating-users'
  if (lambdaArn && /multiuser/i.test(lambdaArn)) return 'alternating-users'
  if (lambdaArn && /singleuser/i.test(lambdaArn)) return 'single-user'
  return value && 'masterarn' in value ? 'alternating-users' : 'single-user'
}

/** What the engine's rotation function would find missing in `value`. Never looks at what a field holds beyond presence and shape. */
export function checkRotationReadiness(
  engine: string,
  value: Record<string, unknown>,
  strategy: RotationStrategy,
): RotationReadiness {
  const needs = ENGINE_NEEDS[engine] ?? {product: engine, extra: []}
  const required = [...BASE_FIELDS, ...needs.extra, ...(strategy === 'alternating-users' ? ['masterarn'] : [])]
  const missing = required.filter((field) => {
    const present = value[field]
    return present === undefined || present === null || (typeof present === 'string' && present.trim() === '')
  })
  const invalid: string[] = []
  const masterArn = value.masterarn
  if (
    strategy === 'alternating-users' &&
    typeof masterArn === 'string' &&
    masterArn.trim() !== '' &&
    !SECRET_ARN_PATTERN.test(masterArn)
  ) {
    invalid.push('masterarn')
  }

  return {
    engine,
    product: needs.product,
    strategy,
    missing,
    invalid,
    strategyUnsupported: Boolean(needs.alternatingOnly) && strategy === 'single-user',
  }
}

export function isRotationReady(readiness: RotationReadiness): boolean {
  return readiness.missing.length === 0 && readiness.invalid.length === 0 && !readiness.strategyUnsupported
}

/** One line: "the PostgreSQL alternating-users rotation function needs masterarn (missing)". Field names only. */
export function describeRotationGaps(readiness: RotationReadiness): string {
  const parts: string[] = []
  if (readiness.missing.length > 0) parts.push(`missing ${readiness.missing.join(', ')}`)
  if (readiness.invalid.length > 0) parts.push(`${readiness.invalid.join(', ')} is not a Secrets Manager secret ARN`)
  if (readiness.strategyUnsupported)
    parts.push(
      `${readiness.product} supports only the alternating-users strategy (a user cannot change its own password)`,
    )
  return `the ${readiness.product} ${readiness.strategy} rotation function needs: ${parts.join('; ')}`
}
