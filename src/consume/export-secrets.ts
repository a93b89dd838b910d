// `export`: secrets as variables in a file format for other tools (dotenv, json, shell), on
// stdout only. The secrets are named by spec (as for exec) or selected by name prefix.
import {UsageError} from '../errors.js'
import {type ExportFormat, formatExport} from './export-format.js'
import {type CachedReadContext, readManyThroughCache} from './read-through.js'
import {type SecretSpec, type SecretVariable, collectVariables, variablesFor} from './secret-variables.js'

export interface ExportRequest {
  specs: SecretSpec[]
  /** Every secret whose name starts with this (instead of specs). */
  namePrefix?: string
  format: ExportFormat
}

export interface ExportResult {
  variables: SecretVariable[]
  text: string
}

export async function exportSecrets(
  context: {reads: CachedReadContext},
  request: ExportRequest,
): Promise<ExportResult> {
  let {specs} = request
  if (request.namePrefix !== undefined) {
    const prefix = request.namePrefix
    const store = await context.reads.store()
    const names: string[] = []
    for await (const entry of store.list({filters: [{key: 'name', values: [prefix]}]})) {
      // Secrets Manager's name filter also matches inside names; keep true prefixes only.
      if (entry.name.startsWith(prefix)) names.push(entry.name)
    }

    if (names.length === 0) throw new UsageError(`No secret's name starts with ${prefix}; nothing to export.`)
    specs = names.sort().map((name) => ({secretId: name}))
  }

  if (specs.length === 0)
    throw new UsageError('Name the secrets to export (NAME[:FIELD][=VAR]...) or select them with --prefix.')
  const ids = [...new Set(specs.map((spec) => spec.secretId))]
  const read = await readManyThroughCache(
    context.reads,
    ids.map((name) => ({name})),
  )
  const secrets = new Map(ids.map((id, index) => [id, read[index]]))
  const variables = collectVariables(specs.map((spec) => variablesFor(spec, secrets.get(spec.secretId)!)))
  return {variables, text: formatExport(variables, request.format)}
}
