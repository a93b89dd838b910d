// Human rendering of `list`: one row per secret with the metadata worth scanning.
import type {SecretListEntry} from '../stores/store.js'
import {formatDate, formatRotation} from './secret-details.js'
import {renderTable} from './table.js'

export async function formatSecretList(secrets: SecretListEntry[]): Promise<string> {
  if (secrets.length === 0) return 'No secrets.'
  return renderTable(
    ['Name', 'Last changed', 'Rotation', 'Description'],
    secrets.map((secret) => [
      secret.deletedDate ? `${secret.name} (deletion ${formatDate(secret.deletedDate)})` : secret.name,
      formatDate(secret.lastChangedDate ?? secret.createdDate) ?? '',
      formatRotation(secret, {brief: true}),
      secret.description ?? '',
    ]),
  )
}
