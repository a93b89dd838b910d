import assert from 'node:assert/strict'

import {ExitCode, NotFoundError} from '../../src/errors.js'
import {parseTagFlags} from '../../src/metadata-flags.js'
import {formatChangeSummary, summarizeChange} from '../../src/output/change-summary.js'
import {reportError} from '../../src/output/error-report.js'
import {arnParts, formatWriteSummary} from '../../src/output/write-summary.js'
import {SecretValue} from '../../src/secret-value.js'
import {CANARY} from '../support/run-cli.js'

const text = (value: string) => SecretValue.fromText(value)

describe('change summary', () => {
  it('lists JSON keys added, changed and removed, never values', () => {
    const summary = summarizeChange(
      text(JSON.stringify({user: 'a', password: CANARY, hint: 'x'})),
      text(JSON.stringify({user: 'a', password: `${CANARY}2`, host: 'h'})),
    )
    assert.deepEqual([summary.added, summary.modified, summary.removed], [['host'], ['password'], ['hint']])
    const line = formatChangeSummary(summary)
    assert.equal(line, 'keys +host ~password -hint (values masked)')
    assert.ok(!JSON.stringify(summary).includes(CANARY))
  })

  it('gives sizes for text and binary values, and says when nothing changed', () => {
    assert.equal(
      formatChangeSummary(summarizeChange(undefined, text(CANARY))),
      `value set (${CANARY.length} bytes, masked)`,
    )
    assert.equal(formatChangeSummary(summarizeChange(text('ab'), text('abc'))), 'value changed (2 → 3 bytes, masked)')
    assert.equal(formatChangeSummary(summarizeChange(text('ab'), text('ab'))), 'value unchanged')
    assert.equal(
      formatChangeSummary(summarizeChange(undefined, SecretValue.fromBinary(Buffer.from([1, 2])))),
      'binary value set (2 bytes, masked)',
    )
  })

  it('treats a switch between text and JSON as a plain value change', () => {
    const summary = summarizeChange(text('plain'), text('{"a":"b"}'))
    assert.equal(summary.kind, 'text')
    assert.match(formatChangeSummary(summary), /value changed/)
  })
})

describe('write summary', () => {
  it('names the region and account from the ARN for the aws store', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'
    assert.deepEqual(arnParts(arn), {region: 'eu-west-1', account: '123456789012'})
    const line = formatWriteSummary({
      action: 'Created',
      name: 'prod/db',
      target: {kind: 'aws', label: 'aws eu-west-1', region: 'eu-west-1'},
      arn,
      versionId: 'v1',
      detail: 'value set (3 bytes, masked)',
    })
    assert.equal(
      line,
      `Created prod/db version v1 in aws eu-west-1, account 123456789012 (${arn}): value set (3 bytes, masked)`,
    )
  })

  it('names the path for the local store', () => {
    const line = formatWriteSummary({
      action: 'Restored',
      name: 'a',
      target: {kind: 'local', label: 'local store /x', path: '/x'},
    })
    assert.equal(line, 'Restored a in local store /x')
  })
})

describe('error report', () => {
  it('keeps our own typed errors and their exit codes', () => {
    assert.deepEqual(reportError(new NotFoundError('Secret a was not found.')), {
      message: 'Secret a was not found.',
      exitCode: ExitCode.NotFound,
      code: 'NotFound',
      details: undefined,
    })
  })

  it('never passes through a third-party message, which may quote input', () => {
    let parseError: unknown
    try {
      JSON.parse(`{"password": ${CANARY}}`)
    } catch (error) {
      parseError = error
    }

    const report = reportError(parseError)
    assert.equal(report.exitCode, ExitCode.Unexpected)
    assert.ok(!report.message.includes(CANARY))
  })

  it('maps a prompt interrupted with Ctrl-C to 130', () => {
    class ExitPromptError extends Error {}
    assert.equal(reportError(new ExitPromptError('User force closed the prompt with SIGINT')).exitCode, 130)
  })

  it('drops argument values from parser errors', () => {
    class UnexpectedArgsError extends Error {}
    class NonExistentFlagsError extends Error {}
    const unexpected = reportError(new UnexpectedArgsError(`Unexpected argument: ${CANARY}\nSee more help with --help`))
    assert.equal(unexpected.exitCode, 2)
    assert.ok(!unexpected.message.includes(CANARY))
    const flag = reportError(
      new NonExistentFlagsError(`Nonexistent flags: --password=${CANARY}, --other\nSee more help with --help`),
    )
    assert.equal(flag.exitCode, 2)
    assert.ok(!flag.message.includes(CANARY))
    assert.doesNotMatch(flag.message, /--password|--other/, 'not even the part before "="')
  })

  it('points at unknown flags and stray arguments by position, with a near-miss flag as a hint', () => {
    class NonExistentFlagsError extends Error {}
    class UnexpectedArgsError extends Error {}
    const flags = {
      'from-stdin': {type: 'boolean' as const},
      yes: {type: 'boolean' as const, char: 'y'},
      length: {type: 'option' as const},
    }
    const typo = reportError(new NonExistentFlagsError('Nonexistent flag: --from-stdn'), {
      argv: ['app/x', '--from-stdn'],
      flags,
      argCount: 1,
    })
    assert.match(typo.message, /^Unknown flag at word 2 after the command name .*Did you mean --from-stdin\?/)
    assert.doesNotMatch(typo.message, /stdn/)
    const several = reportError(new NonExistentFlagsError('x'), {
      argv: ['--length', '-5', `-y${CANARY}`, 'app/x', `--no-${CANARY}`],
      flags,
      argCount: 1,
    })
    assert.match(several.message, /^Unknown flags at words 3 and 5 /)
    const stray = reportError(new UnexpectedArgsError('x'), {
      argv: ['app/x', '--', '--from-stdin', CANARY],
      flags,
      argCount: 1,
    })
    assert.match(stray.message, /^Unexpected arguments at words 3 and 4 /)
  })

  it('drops a quoted flag value from parser errors unless it is a number', () => {
    class CLIError extends Error {}
    assert.equal(
      reportError(new CLIError(`Expected --store=${CANARY} x to be one of: aws, local`)).message,
      'Expected --store to be one of: aws, local; see --help.',
    )
    assert.equal(
      reportError(new CLIError(`Parsing --length \n\tExpected an integer but received: ${CANARY}`)).message,
      '--length: Expected an integer; see --help.',
    )
    assert.match(
      reportError(
        new CLIError('Parsing --length \n\tExpected an integer less than or equal to 4096 but received: 99999'),
      ).message,
      /but received: 99999/,
    )
    assert.equal(
      reportError(
        new CLIError(
          `The following error occurred:\n  --version-stage=${CANARY} cannot also be provided when using --version-id`,
        ),
      ).message,
      '--version-stage cannot also be provided when using --version-id; see --help.',
    )
  })
})

describe('tag flags', () => {
  it('parses KEY=VALUE, allowing = inside the value', () => {
    assert.deepEqual(parseTagFlags(['team=billing', 'expr=a=b', 'empty=']), [
      {key: 'team', value: 'billing'},
      {key: 'expr', value: 'a=b'},
      {key: 'empty', value: ''},
    ])
  })

  it('rejects a missing key, a duplicate key and reserved aws: keys', () => {
    assert.throws(() => parseTagFlags(['novalue']), /KEY=VALUE/)
    assert.throws(() => parseTagFlags(['=x']), /KEY=VALUE/)
    assert.throws(() => parseTagFlags(['a=1', 'a=2']), /twice/)
    assert.throws(() => parseTagFlags(['aws:x=1']), /reserved/)
  })
})
