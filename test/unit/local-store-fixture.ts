// A local store in a fresh temp directory for the local-store unit tests, plus ways to look
// at what it left on disk. The key lives in a key file unless a test passes a keychain.
import {randomUUID} from 'node:crypto'
import {mkdtemp, readFile, readdir, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretValue} from '../../src/secret-value.js'
import {LocalStore, type LocalStoreOptions} from '../../src/stores/local.js'

export const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

export interface TempStore {
  root: string
  home: string
  store: LocalStore
  warnings: string[]
  /** Another handle on the same directory, as a second invocation would open it. */
  reopen(options?: Partial<LocalStoreOptions>): LocalStore
  remove(): Promise<void>
}

export async function tempStore(options: Partial<LocalStoreOptions> = {}): Promise<TempStore> {
  const root = await mkdtemp(join(tmpdir(), 'secretsmith-local-'))
  const home = join(root, 'store')
  const warnings: string[] = []
  const open = (more: Partial<LocalStoreOptions> = {}) =>
    new LocalStore(home, {keychain: 'off', warn: (message) => warnings.push(message), ...options, ...more})
  return {
    root,
    home,
    store: open(),
    warnings,
    reopen: open,
    remove: () => rm(root, {recursive: true, force: true}),
  }
}

export function text(value: string): SecretValue {
  return SecretValue.fromText(value)
}

export async function createSecret(store: LocalStore, name: string, value = CANARY): Promise<string> {
  const token = randomUUID()
  await store.create({name, value: text(value), clientRequestToken: token})
  return token
}

export interface DiskEntry {
  path: string
  mode: number
  isDirectory: boolean
}

/** Everything under `directory`, recursively. */
export async function walk(directory: string): Promise<DiskEntry[]> {
  const entries: DiskEntry[] = []
  for (const name of await readdir(directory)) {
    const path = join(directory, name)
    const info = await stat(path)
    entries.push({path, mode: info.mode & 0o777, isDirectory: info.isDirectory()})
    if (info.isDirectory()) entries.push(...(await walk(path)))
  }

  return entries
}

/** Every byte of every file under `directory`, with the file names themselves. */
export async function everythingOnDisk(directory: string): Promise<Buffer> {
  const parts: Buffer[] = []
  for (const entry of await walk(directory)) {
    parts.push(Buffer.from(entry.path))
    if (!entry.isDirectory) parts.push(await readFile(entry.path))
  }

  return Buffer.concat(parts)
}

/** The forms a leaked string could take on disk. */
export function encodingsOf(value: string): Buffer[] {
  return [
    Buffer.from(value, 'utf8'),
    Buffer.from(value, 'utf16le'),
    Buffer.from(Buffer.from(value).toString('base64')),
    Buffer.from(Buffer.from(value).toString('hex')),
  ]
}

/** The one secret directory under the store (tests that hold a single secret). */
export async function secretDirectories(home: string): Promise<string[]> {
  const secrets = join(home, 'secrets')
  return (await readdir(secrets)).filter((name) => !name.startsWith('.')).map((name) => join(secrets, name))
}

export async function valueFiles(secretDirectory: string): Promise<string[]> {
  return (await readdir(secretDirectory))
    .filter((name) => name.startsWith('v-'))
    .map((name) => join(secretDirectory, name))
}
