import {SecretsmithCommand} from '../../base-command.js'
import {nameArg} from '../../command-args.js'
import {renderTable} from '../../output/table.js'
import {getSchema} from '../../schemas/registry.js'

export default class SchemaShow extends SecretsmithCommand<typeof SchemaShow> {
  static override summary = "Show a schema's fields and an example value (placeholders only)."
  static override examples = [
    '<%= config.bin %> <%= command.id %> rds-postgres',
    '<%= config.bin %> <%= command.id %> oauth-client --json',
  ]

  static override args = {
    name: nameArg('Schema name (see schema list).'),
  }

  async run() {
    const schema = getSchema(this.args.name)
    const fields = schema.fields.map((field) => ({
      name: field.name,
      required: field.required,
      secret: field.secret,
      ...(field.default === undefined ? {} : {default: field.default}),
      description: field.description,
    }))
    const shown = {
      name: schema.name,
      kind: schema.kind,
      summary: schema.summary,
      generatedField: schema.generatedField ?? null,
      fields,
      example: schema.example,
    }
    if (!this.jsonEnabled()) this.log(await formatSchema(shown))
    return shown
  }
}

async function formatSchema(schema: {
  name: string
  kind: string
  summary: string
  generatedField: string | null
  fields: Array<{name: string; required: boolean; secret: boolean; default?: unknown; description: string}>
  example: unknown
}): Promise<string> {
  const lines = [`${schema.name}: ${schema.summary}`, '']
  if (schema.fields.length === 0) {
    lines.push(
      schema.kind === 'json'
        ? 'Fields: any, all with string values.'
        : 'Fields: none; the value is free text or binary.',
    )
  } else {
    lines.push(
      await renderTable(
        ['Field', 'Required', 'Secret', 'Default', 'Description'],
        schema.fields.map((field) => [
          field.name,
          field.required ? 'yes' : 'no',
          field.secret ? 'yes' : 'no',
          field.default === undefined ? '' : String(field.default),
          field.description,
        ]),
      ),
    )
  }

  if (schema.generatedField) lines.push('', `--generate fills: ${schema.generatedField}`)
  lines.push(
    '',
    'Example (placeholders):',
    typeof schema.example === 'string' ? schema.example : JSON.stringify(schema.example, null, 2),
  )
  return lines.join('\n')
}
