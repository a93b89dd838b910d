// Secret names for TAB completion: straight from the local store, and for AWS from a
// short-lived cache of names (never values; 0600 in the 0700 cache directory) so that TAB does
// not call ListSecrets on every key press.
import {createHash} from 'node:crypto'
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {SecretStore} from '../stores/store.js'

/** How long a list of AWS names is offered before it is fetched again. */
const NAME_CACHE_TTL_MS = 60_000
/** Enough for any prefix a person types; a TAB list longer than this is no help. */
const MAX_NAMES = 5000

export async function namesForCompletion(store: SecretStore, cacheDir: string, now = Date.now()): Promise<string[]> {
  if (store.kind === 'local') return listNames(store)
  const target = await store.target()
  const file = join(
    cacheDir,
    `completion-names-${createHash('sha256').update(target.label).digest('hex').slice(0, 16)}.json`,
  )
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as {savedAt: number; names: string[]}
    if (now - cached.savedAt < NAME_CACHE_TTL_MS && Array.isArray(cached.names)) return cached.names
  } catch {
    // No cache yet, or an unreadable one: fetch.
  }

  const names = await listNames(store)
  await mkdir(cacheDir, {recursive: true, mode: 0o700})
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify({savedAt: now, names}), {mode: 0o600})
  await rename(temporary, file)
  return names
}

async function listNames(store: SecretStore): Promise<string[]> {
  const names: string[] = []
  for await (const entry of store.list()) {
    names.push(entry.name)
    if (names.length >= MAX_NAMES) break
  }

  return names.sort()
}
