import assert from 'node:assert/strict'

import {Parser} from '@oclif/core'

import {ExitCode, UsageError} from '../../src/errors.js'
import {chooseValueSource, readSecret} from '../../src/input/read-secret.js'
import {isCiEnvironment} from '../../src/input/terminal.js'
import {passwordFlags, passwordOptionsFromFlags, valueSourceFlags} from '../../src/input/value-flags.js'

const parse = async (...argv: string[]) =>
  (await Parser.parse(argv, {flags: {...valueSourceFlags, ...passwordFlags}})).flags as Record<string, unknown>

function usageErrorMatching(pattern: RegExp) {
  return (error: Error) => {
    assert.ok(error instanceof UsageError, `${error.name}: ${error.message}`)
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.match(error.message, pattern)
    assert.doesNotMatch(error.message, /\n/)
    return true
  }
}

describe('chooseValueSource', () => {
  it('maps each source flag to its source', async () => {
    assert.deepEqual(chooseValueSource(await parse('--from-stdin')), {kind: 'stdin', keepNewline: false})
    assert.deepEqual(chooseValueSource(await parse('--from-stdin', '--keep-newline')), {
      kind: 'stdin',
      keepNewline: true,
    })
    assert.deepEqual(chooseValueSource(await parse('--from-file', 'v.txt')), {
      kind: 'file',
      path: 'v.txt',
      keepNewline: false,
    })
    assert.deepEqual(chooseValueSource(await parse('--from-file', '-')), {kind: 'file', path: '-', keepNewline: false})
    assert.deepEqual(chooseValueSource(await parse('--edit'), {interactive: true}), {
      kind: 'editor',
      keepNewline: false,
    })
    assert.deepEqual(chooseValueSource(await parse('--edit', '--keep-newline'), {interactive: true}), {
      kind: 'editor',
      keepNewline: true,
    })
    assert.deepEqual(chooseValueSource(await parse('--generate')), {kind: 'generate', options: {}})
  })

  it('refuses --edit at once without a terminal (an editor would wait for keys nobody types), naming the flags to use', async () => {
    const flags = await parse('--edit')
    assert.throws(
      () => chooseValueSource(flags, {interactive: false}),
      usageErrorMatching(/^--edit needs a terminal .*use --from-stdin or --from-file\.$/),
    )
    // Mocha runs without a TTY on stdin (and CI=true in CI): the default is the same refusal.
    assert.throws(() => chooseValueSource(flags), usageErrorMatching(/--edit needs a terminal/))
  })

  it('offers only the sources a command names: no prompt to fall back to, and messages that name only those', async () => {
    const offered = ['stdin', 'file'] as const
    assert.deepEqual(chooseValueSource(await parse('--from-stdin'), {offered}), {kind: 'stdin', keepNewline: false})
    assert.deepEqual(chooseValueSource(await parse('--from-file', 'v.txt'), {offered}), {
      kind: 'file',
      path: 'v.txt',
      keepNewline: false,
    })
    assert.throws(
      () => chooseValueSource({}, {offered, interactive: true}),
      usageErrorMatching(/^No value source: pass --from-stdin or --from-file PATH\.$/),
    )
    assert.throws(
      () => chooseValueSource({'from-stdin': true, 'from-file': 'v.txt'}, {offered}),
      usageErrorMatching(
        /^Choose one value source, not --from-stdin and --from-file; a value comes from exactly one of --from-stdin or --from-file PATH\.$/,
      ),
    )
    assert.throws(
      () => chooseValueSource({'keep-newline': true}, {offered}),
      usageErrorMatching(/^--keep-newline applies only with --from-stdin or --from-file\.$/),
    )
    assert.throws(
      () => chooseValueSource({edit: true}, {offered, interactive: true}),
      usageErrorMatching(/^--edit is not a value source here; use --from-stdin or --from-file PATH\.$/),
    )
  })

  it('passes the password options along with --generate', async () => {
    const source = chooseValueSource(
      await parse('--generate', '--length', '40', '--exclude-characters', '"\'', '--no-require-each-included-type'),
    )
    assert.deepEqual(source, {
      kind: 'generate',
      options: {length: 40, excludeCharacters: '"\'', requireEachIncludedType: false},
    })
  })

  it('reads a JSON template from --from-stdin or --from-file with --generate where the command takes one (create)', async () => {
    assert.deepEqual(
      chooseValueSource(await parse('--generate', '--from-stdin', '--length', '40'), {generateTemplate: true}),
      {kind: 'generate', options: {length: 40}, template: {kind: 'stdin', keepNewline: false}},
    )
    assert.deepEqual(chooseValueSource(await parse('--generate', '--from-file', 't.json'), {generateTemplate: true}), {
      kind: 'generate',
      options: {},
      template: {kind: 'file', path: 't.json', keepNewline: false},
    })
    // Elsewhere (put) the two are still two sources; --edit never carries a template.
    assert.throws(
      () => chooseValueSource({generate: true, 'from-stdin': true}),
      usageErrorMatching(/^Choose one value source, not --from-stdin and --generate/),
    )
    assert.throws(
      () => chooseValueSource({generate: true, edit: true}, {generateTemplate: true, interactive: true}),
      usageErrorMatching(/^Choose one value source/),
    )
  })

  it('prompts when no source is given and a human is at a terminal', async () => {
    assert.deepEqual(chooseValueSource(await parse(), {interactive: true}), {kind: 'prompt'})
  })

  it('fails at once naming the source flags when no source is given and there is no terminal', async () => {
    assert.throws(
      () => chooseValueSource({}, {interactive: false}),
      usageErrorMatching(/--from-stdin, --from-file PATH, --edit or --generate/),
    )
  })

  it('refuses two sources at once, naming both', async () => {
    const pairs: string[][] = [
      ['--from-stdin', '--generate'],
      ['--from-stdin', '--from-file', '-'],
      ['--edit', '--from-file', 'x'],
      ['--generate', '--edit'],
    ]
    for (const argv of pairs) {
      const flags = await parse(...argv)
      assert.throws(
        () => chooseValueSource(flags, {interactive: true}),
        usageErrorMatching(/Choose one value source, not --\S+ and --\S+/),
      )
    }
  })

  it('refuses password flags without --generate (they would silently do nothing)', async () => {
    const withStdin = await parse('--from-stdin', '--length', '20')
    assert.throws(() => chooseValueSource(withStdin), usageErrorMatching(/--length applies only with --generate/))
    const withPrompt = await parse('--exclude-punctuation')
    assert.throws(() => chooseValueSource(withPrompt, {interactive: true}), usageErrorMatching(/--exclude-punctuation/))
  })

  it('refuses --keep-newline where there is no newline to keep', async () => {
    const withGenerate = await parse('--generate', '--keep-newline')
    assert.throws(() => chooseValueSource(withGenerate), usageErrorMatching(/--keep-newline applies only/))
    const withPrompt = await parse('--keep-newline')
    assert.throws(() => chooseValueSource(withPrompt, {interactive: true}), usageErrorMatching(/--keep-newline/))
  })
})

describe('readSecret', () => {
  it('generates a password with the given options', async () => {
    const value = await readSecret(
      {kind: 'generate', options: {length: 20, excludePunctuation: true}},
      {promptMessage: 'x', confirm: true},
    )
    assert.match(value.revealText(), /^[A-Za-z0-9]{20}$/)
  })

  it('refuses to prompt without a terminal instead of waiting for input', async () => {
    // Mocha runs without a TTY on stdin here (and CI=true in CI): the prompt must fail fast.
    await assert.rejects(
      readSecret({kind: 'prompt'}, {promptMessage: 'x', confirm: true}),
      usageErrorMatching(/not running from a terminal/),
    )
  })

  it('reports an impossible generate request as a usage error', async () => {
    await assert.rejects(
      readSecret({kind: 'generate', options: {length: 2}}, {promptMessage: 'x', confirm: true}),
      usageErrorMatching(/cannot hold one of each/),
    )
  })
})

describe('value source flags', () => {
  it('take no secret content: the only free-text flags are a file path and a set of characters to leave out', async () => {
    const freeText: string[] = []
    for (const [name, flag] of Object.entries({...valueSourceFlags, ...passwordFlags})) {
      if (flag.type !== 'option') continue
      // A flag that accepts arbitrary text could carry a value; an integer flag refuses it.
      const parse = flag.parse as (input: string, context: unknown, options: unknown) => Promise<unknown>
      const accepts = await parse('CANARY-7f3a9c-DO-NOT-LEAK', {}, flag).then(
        () => true,
        () => false,
      )
      if (accepts) freeText.push(name)
    }

    assert.deepEqual(freeText.sort(), ['exclude-characters', 'from-file'])
  })

  it('set no defaults, so an absent flag can be told from a given one', () => {
    for (const [name, flag] of Object.entries({...valueSourceFlags, ...passwordFlags})) {
      assert.equal((flag as {default?: unknown}).default, undefined, name)
    }
  })

  it('map to GetRandomPassword options, leaving absent ones out', () => {
    assert.deepEqual(passwordOptionsFromFlags({}), {})
    assert.deepEqual(
      passwordOptionsFromFlags({
        length: 12,
        'exclude-characters': 'abc',
        'exclude-numbers': true,
        'exclude-punctuation': true,
        'exclude-uppercase': false,
        'exclude-lowercase': true,
        'include-space': true,
        'require-each-included-type': false,
      }),
      {
        length: 12,
        excludeCharacters: 'abc',
        excludeNumbers: true,
        excludePunctuation: true,
        excludeUppercase: false,
        excludeLowercase: true,
        includeSpace: true,
        requireEachIncludedType: false,
      },
    )
  })

  it('reject a length outside 1..4096 at parse time', async () => {
    await assert.rejects(parse('--generate', '--length', '0'))
    await assert.rejects(parse('--generate', '--length', '4097'))
  })
})

describe('isCiEnvironment', () => {
  it('treats CI=true, CI=1 and any other non-empty value as CI, but not 0, false or empty', () => {
    for (const value of ['true', '1', 'TRUE', 'yes', 'github']) assert.equal(isCiEnvironment({CI: value}), true, value)
    for (const value of [undefined, '', '0', 'false', 'False'])
      assert.equal(isCiEnvironment({CI: value}), false, String(value))
  })
})
