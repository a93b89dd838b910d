// The commands secretsmith suggests carry the flags that chose the store, quoted for the shell,
// and never repeat a flag value that lacks its shape (it may be a value typed in the wrong place).
import assert from 'node:assert/strict'

import {rememberStoreSelection, storeSelectionWords, suggestCommand} from '../../src/command-hint.js'
import {shellQuote} from '../../src/shell-quote.js'
import type {ResolvedSetting} from '../../src/config.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

const flag = (name: string, value: string): [string, ResolvedSetting] => [name, {value, source: `flag --${name}`}]

describe('command hints', () => {
  afterEach(() => rememberStoreSelection([]))

  it('carries --store, --region, --profile and --endpoint-url given as flags, in that order', () => {
    const settings = Object.fromEntries([
      flag('endpoint-url', 'https://vpce-1.example.com'),
      flag('profile', 'ops'),
      flag('region', 'eu-west-1'),
      flag('store', 'aws'),
    ])
    assert.deepEqual(storeSelectionWords(settings), [
      '--store',
      'aws',
      '--region',
      'eu-west-1',
      '--profile',
      'ops',
      '--endpoint-url',
      'https://vpce-1.example.com',
    ])
  })

  it('carries a context as --context, not what the context set; leaves out AWS variables and config defaults', () => {
    const settings: Record<string, ResolvedSetting> = {
      store: {value: 'aws', source: 'context prod (/home/u/.config/secretsmith/config.json)'},
      region: {value: 'eu-west-1', source: 'environment AWS_REGION'},
      profile: {value: 'ops', source: 'config file /home/u/.config/secretsmith/config.json'},
    }
    assert.deepEqual(storeSelectionWords(settings, {name: 'prod'}), ['--context', 'prod'])
  })

  it('carries SECRETSMITH_STORE as --store, and on the local store nothing about AWS', () => {
    const settings: Record<string, ResolvedSetting> = {
      store: {value: 'local', source: 'environment SECRETSMITH_STORE'},
      ...Object.fromEntries([flag('region', 'eu-west-1')]),
    }
    assert.deepEqual(storeSelectionWords(settings), ['--store', 'local'])
  })

  it('never repeats a flag value without its shape', () => {
    const settings = Object.fromEntries([
      flag('store', 'aws'),
      flag('region', CANARY),
      flag('profile', `${CANARY} x`),
      flag('endpoint-url', `https://user:${CANARY}@host`),
    ])
    const words = storeSelectionWords(settings, {name: `${CANARY}!`})
    assert.deepEqual(words, ['--store', 'aws'])
  })

  it('quotes for a POSIX shell only what needs it', () => {
    assert.equal(shellQuote('app/db-1_x+y=z.@'), 'app/db-1_x+y=z.@')
    assert.equal(shellQuote('http://127.0.0.1:4566/?a=1&b=2'), `'http://127.0.0.1:4566/?a=1&b=2'`)
    assert.equal(shellQuote("it's"), `'it'\\''s'`)
    assert.equal(shellQuote(''), `''`)
  })

  it('builds the suggested command with the remembered flags after the command words', () => {
    assert.equal(suggestCommand('restore', 'app/db'), 'secretsmith restore app/db')
    rememberStoreSelection(['--store', 'aws', '--endpoint-url', 'http://localhost:4566/?x=1&y=2'])
    assert.equal(
      suggestCommand('rotate', 'app/db', '--now'),
      `secretsmith rotate app/db --now --store aws --endpoint-url 'http://localhost:4566/?x=1&y=2'`,
    )
  })
})
