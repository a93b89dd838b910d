// The commands secretsmith suggests ("undo with: secretsmith restore app/db --store local")
// carry the flags that chose the store, so that a hint pasted into the same shell reaches the
// same store: after `delete NAME --store local`, a bare `secretsmith restore NAME` would go to
// AWS. The base command records the store selection once per run, before any hint is built;
// until then (and in unit tests) hints carry no flags.
import type {ResolvedSetting} from './config.js'
import {shellQuote} from './shell-quote.js'

let selectionWords: string[] = []

/** `secretsmith WORDS… [store flags]`, each word quoted for a POSIX shell where it needs it. */
export function suggestCommand(...words: string[]): string {
  return ['secretsmith', ...words, ...selectionWords].map((word) => shellQuote(word)).join(' ')
}

/** Remembers the flags that chose this run's store (see storeSelectionWords). */
export function rememberStoreSelection(words: string[]): void {
  selectionWords = [...words]
}

/** The settings that choose a store, in the order hints show them. */
const STORE_SETTINGS = ['store', 'region', 'profile', 'endpoint-url'] as const

// A setting is repeated only when it has its own shape (the config file's rules): a word typed
// where a flag's value goes may be a secret pasted in the wrong place, and is never echoed.
const SHAPES: Record<(typeof STORE_SETTINGS)[number], RegExp> = {
  store: /^(aws|local)$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
  profile: /^[\w+.@-]{1,64}$/,
  'endpoint-url': /^https?:\/\/[^\s@/]+(\/\S*)?$/,
}

/**
 * The flags a pasted hint needs to reach the store this run used. A context (--context or
 * SECRETSMITH_CONTEXT) is carried as --context: it bundles what it sets. A setting given as a
 * flag, or by secretsmith's own variable (SECRETSMITH_STORE, often set for one command), is
 * carried as its flag. A setting from the AWS variables or the config file's defaults is not:
 * the same shell and file supply it again. On the local store the AWS settings mean nothing.
 */
export function storeSelectionWords(settings: Record<string, ResolvedSetting>, context?: {name: string}): string[] {
  const words: string[] = []
  if (context && /^[\w.-]{1,64}$/.test(context.name)) words.push('--context', context.name)
  const isLocal = settings.store?.value === 'local'
  for (const flag of STORE_SETTINGS) {
    const setting = settings[flag]
    if (!setting || (isLocal && flag !== 'store')) continue
    const chosenHere = setting.source.startsWith('flag ') || setting.source.startsWith('environment SECRETSMITH_')
    if (chosenHere && SHAPES[flag].test(setting.value)) words.push(`--${flag}`, setting.value)
  }

  return words
}
