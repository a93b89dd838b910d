// ListSecrets' filters, as Secrets Manager documents them: name, tag-key, tag-value,
// primary-region and owning-service are case-sensitive prefix matches, description is a
// case-insensitive prefix match, `all` splits the value into words and looks for each in
// every attribute, case-insensitively; a value starting with "!" negates. Values within a
// filter are alternatives; filters combine with AND. (Which filters are valid is in limits.ts.)
import type {ListFilter, Tag} from './store.js'

export interface FilterableSecret {
  name: string
  description?: string
  tags: Tag[]
  primaryRegion?: string
  owningService?: string
}

export function matchesListFilters(secret: FilterableSecret, filters: ListFilter[] = []): boolean {
  return filters.every((filter) => matchesFilter(secret, filter))
}

function matchesFilter(secret: FilterableSecret, filter: ListFilter): boolean {
  const positive = filter.values.filter((value) => !value.startsWith('!'))
  const negative = filter.values.filter((value) => value.startsWith('!')).map((value) => value.slice(1))
  const matches = (value: string) => matchesValue(secret, filter.key, value)
  return (positive.length === 0 || positive.some(matches)) && !negative.some(matches)
}

function matchesValue(secret: FilterableSecret, key: ListFilter['key'], value: string): boolean {
  switch (key) {
    case 'name': {
      return secret.name.startsWith(value)
    }

    case 'description': {
      return secret.description !== undefined && secret.description.toLowerCase().startsWith(value.toLowerCase())
    }

    case 'tag-key': {
      return secret.tags.some((tag) => tag.key.startsWith(value))
    }

    case 'tag-value': {
      return secret.tags.some((tag) => tag.value.startsWith(value))
    }

    case 'primary-region': {
      return secret.primaryRegion?.startsWith(value) ?? false
    }

    case 'owning-service': {
      return secret.owningService?.startsWith(value) ?? false
    }

    case 'all': {
      const attributes = [
        secret.name,
        secret.description,
        ...secret.tags.flatMap((tag) => [tag.key, tag.value]),
        secret.primaryRegion,
      ]
        .filter((attribute): attribute is string => attribute !== undefined && attribute !== '')
        .map((attribute) => attribute.toLowerCase())
      const words = value.toLowerCase().split(/\s+/).filter(Boolean)
      return words.every((word) =>
        attributes.some(
          (attribute) => attribute.startsWith(word) || wordsOf(attribute).some((part) => part.startsWith(word)),
        ),
      )
    }

    default: {
      return false
    }
  }
}

function wordsOf(text: string): string[] {
  return text.split(/[\s/_+=.@:-]+/).filter(Boolean)
}
