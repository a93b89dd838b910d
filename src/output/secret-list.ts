// Rendering of `list`: at a terminal one row per secret with the metadata worth scanning; in a
// pipeline (stdout not a terminal) one name per line, sorted, so `list | grep` and `xargs` work.
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

/** One name per line, sorted by code point (as `LC_ALL=C sort` would), ending in a newline; nothing at all for no secrets. */
export function formatNameLines(secrets: SecretListEntry[]): string {
  const names = secrets.map((secret) => secret.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return names.map((name) => `${name}\n`).join('')
}
