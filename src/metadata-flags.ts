// Parsing of the metadata flags (--tag KEY=VALUE, --description). Metadata is stored
// unencrypted by Secrets Manager, which is why it is linted for sensitive content on every write.
import {UsageError} from './errors.js'
import {MAX_DESCRIPTION_LENGTH, MAX_TAGS} from './stores/limits.js'
import type {Tag} from './stores/store.js'

export function parseTagFlags(values: readonly string[] | undefined): Tag[] {
  const tags: Tag[] = []
  for (const raw of values ?? []) {
    const at = raw.indexOf('=')
    if (at <= 0) throw new UsageError('A tag is KEY=VALUE (e.g. --tag team=payments); a key is required.')
    const key = raw.slice(0, at)
    if (key.length > 128) throw new UsageError('A tag key is at most 128 characters.')
    if (raw.length - at - 1 > 256) throw new UsageError(`The value of tag ${key} is over 256 characters.`)
    if (key.toLowerCase().startsWith('aws:')) throw new UsageError('Tag keys starting with "aws:" are reserved by AWS.')
    if (tags.some((tag) => tag.key === key)) throw new UsageError(`Tag ${key} is given twice.`)
    tags.push({key, value: raw.slice(at + 1)})
  }

  if (tags.length > MAX_TAGS) throw new UsageError(`At most ${MAX_TAGS} tags per secret.`)
  return tags
}

export function assertValidDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw new UsageError(`A description is at most ${MAX_DESCRIPTION_LENGTH} characters.`)
  }
}
