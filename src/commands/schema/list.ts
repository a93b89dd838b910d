import {SecretsmithCommand} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {listSchemas} from '../../schemas/registry.js'

export default class SchemaList extends SecretsmithCommand<typeof SchemaList> {
  static override summary = 'List the schemas a secret can be validated against.'
  static override description =
    'Use a schema with create --schema NAME (it is recorded on the secret, so later puts validate against it) or lint --schema NAME.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run() {
    const schemas = listSchemas().map((schema) => ({name: schema.name, kind: schema.kind, summary: schema.summary}))
    if (!this.jsonEnabled()) {
      this.log(
        await renderTable(
          ['Name', 'Summary'],
          schemas.map((schema) => [schema.name, schema.summary]),
        ),
      )
    }

    return {schemas}
  }
}
