// Database credentials in the JSON layout the AWS-provided rotation functions read
// (Secrets Manager user guide, "JSON structure of AWS Secrets Manager secrets", and the
// aws-samples rotation lambdas): engine, host, username, password, optional dbname and port,
// masterarn for the alternating-users strategy, ssl for DocumentDB. Engine values and the
// default ports are the ones those functions use. AWS lets a secret carry more keys (replica
// connection details, dbInstanceIdentifier...), so extra fields are allowed and only checked
// for sensitive names.
import {booleanishField, hostField, nonEmptyString, portField, secretArnField} from './field-rules.js'
import type {SchemaField, SecretSchema} from './schema.js'

interface DatabaseLayout {
  name: string
  product: string
  engine: string
  port: number
  /** What the rotation function uses when dbname is absent; undefined = driver default. */
  dbnameDefault?: string
  dbnameRequired?: boolean
  ssl?: boolean
  note?: string
}

const LAYOUTS: readonly DatabaseLayout[] = [
  {name: 'rds-mysql', product: 'Amazon RDS / Aurora MySQL', engine: 'mysql', port: 3306},
  {name: 'rds-mariadb', product: 'Amazon RDS MariaDB', engine: 'mariadb', port: 3306},
  {
    name: 'rds-postgres',
    product: 'Amazon RDS / Aurora PostgreSQL',
    engine: 'postgres',
    port: 5432,
    dbnameDefault: 'postgres',
  },
  {name: 'rds-oracle', product: 'Amazon RDS Oracle', engine: 'oracle', port: 1521, dbnameRequired: true},
  {name: 'rds-sqlserver', product: 'Amazon RDS SQL Server', engine: 'sqlserver', port: 1433, dbnameDefault: 'master'},
  {
    name: 'rds-db2',
    product: 'Amazon RDS Db2',
    engine: 'db2',
    port: 50_000,
    note: 'Db2 users cannot change their own password: rotation needs masterarn.',
  },
  {name: 'redshift', product: 'Amazon Redshift', engine: 'redshift', port: 5439, dbnameDefault: 'dev'},
  {name: 'documentdb', product: 'Amazon DocumentDB', engine: 'mongo', port: 27_017, dbnameDefault: 'admin', ssl: true},
]

function fieldsFor(layout: DatabaseLayout): SchemaField[] {
  const fields: SchemaField[] = [
    {
      name: 'engine',
      required: true,
      secret: false,
      default: layout.engine,
      fixed: layout.engine,
      description: `Database engine; must be "${layout.engine}" for the ${layout.product} rotation function.`,
    },
    {
      name: 'host',
      required: true,
      secret: false,
      type: 'host',
      description: 'Instance or cluster endpoint host name (no scheme, no port).',
    },
    {name: 'username', required: true, secret: false, description: 'Database user whose password this secret holds.'},
    {name: 'password', required: true, secret: true, description: "The user's password (--generate fills it)."},
    {
      name: 'dbname',
      required: layout.dbnameRequired === true,
      secret: false,
      default: layout.dbnameDefault,
      description: layout.dbnameRequired
        ? 'Database name (required by the Oracle rotation function).'
        : `Database name${layout.dbnameDefault ? `; the rotation function uses "${layout.dbnameDefault}" when absent` : ''}.`,
    },
    {
      name: 'port',
      required: false,
      secret: false,
      type: 'port',
      default: layout.port,
      description: `TCP port (default ${layout.port}).`,
    },
  ]
  if (layout.ssl) {
    fields.push({
      name: 'ssl',
      required: false,
      secret: false,
      type: 'boolean',
      default: true,
      description: 'Connect with TLS; must be true for a cluster with TLS enabled.',
    })
  }

  fields.push(
    {
      name: 'masterarn',
      required: false,
      secret: false,
      type: 'arn',
      description: `ARN of the admin secret, for the alternating-users rotation strategy.${layout.note ? ` ${layout.note}` : ''}`,
    },
    {
      name: 'dbInstanceIdentifier',
      required: false,
      secret: false,
      description: 'Instance id; lets the console find the VPC when you set up rotation there.',
    },
    {
      name: 'dbClusterIdentifier',
      required: false,
      secret: false,
      description: 'Cluster id (alternative to dbInstanceIdentifier).',
    },
  )
  return fields
}

function exampleFor(layout: DatabaseLayout): Record<string, unknown> {
  const example: Record<string, unknown> = {
    engine: layout.engine,
    host: `<${layout.name === 'redshift' ? 'cluster' : 'instance'}>.<id>.<region>.${layout.name === 'redshift' ? 'redshift' : layout.name === 'documentdb' ? 'docdb' : 'rds'}.amazonaws.com`,
    username: '<user>',
    password: '<password>',
    dbname: layout.dbnameDefault ?? '<database>',
    port: layout.port,
  }
  if (layout.ssl) example.ssl = true
  return example
}

function schemaFor(layout: DatabaseLayout): SecretSchema {
  return {
    name: layout.name,
    summary: `${layout.product} credentials as its rotation function expects them (engine "${layout.engine}", port ${layout.port}).`,
    kind: 'json',
    fields: fieldsFor(layout),
    generatedField: 'password',
    example: exampleFor(layout),
    defaultsFor(partial) {
      const defaults: Record<string, unknown> = {engine: layout.engine, port: layout.port}
      if (layout.dbnameDefault !== undefined) defaults.dbname = layout.dbnameDefault
      if (layout.ssl) defaults.ssl = true
      // The port default follows the engine actually given, should it differ from the schema's.
      const engine = partial.engine
      if (typeof engine === 'string' && engine !== layout.engine) {
        const other = LAYOUTS.find((candidate) => candidate.engine === engine)
        if (other) defaults.port = other.port
      }

      return defaults
    },
    validator(z) {
      const dbname = layout.dbnameRequired ? nonEmptyString(z) : nonEmptyString(z).optional()
      return z.looseObject({
        engine: z.literal(layout.engine),
        host: hostField(z),
        username: nonEmptyString(z),
        password: nonEmptyString(z),
        dbname,
        port: portField(z),
        ...(layout.ssl ? {ssl: booleanishField(z)} : {}),
        masterarn: secretArnField(z).optional(),
        dbInstanceIdentifier: nonEmptyString(z).optional(),
        dbClusterIdentifier: nonEmptyString(z).optional(),
      })
    },
  }
}

export const databaseSchemas: SecretSchema[] = LAYOUTS.map((layout) => schemaFor(layout))
