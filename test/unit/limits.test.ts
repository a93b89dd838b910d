// Secrets Manager's input limits as the one module every store and the metadata flags check
// them with (src/stores/limits.ts): each limit's edges, one-line UsageErrors (exit 2), and
// messages that never echo the value that broke the rule.
import assert from 'node:assert/strict'

import {ExitCode, UsageError} from '../../src/errors.js'
import {parseTagFlags} from '../../src/metadata-flags.js'
import {
  assertValidCheckAndSetStages,
  assertValidDeleteOptions,
  assertValidDescription,
  assertValidPageSize,
  assertValidRotationRules,
  assertValidSecretId,
  assertValidStages,
  assertValidTags,
  assertValidToken,
} from '../../src/stores/limits.js'
import {AWSCURRENT, AWSPENDING} from '../../src/stores/store.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

function refuses(check: () => void, pattern: RegExp): void {
  assert.throws(check, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${(error as Error)?.constructor?.name}`)
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.ok(!error.message.includes(CANARY), 'the message echoes the input')
    assert.ok(!error.message.includes('\n'), 'one line')
    assert.match(error.message, pattern)
    return true
  })
}

describe('Secrets Manager input limits', function () {
  it('takes client request tokens of 32 to 64 characters', function () {
    assert.doesNotThrow(() => assertValidToken('t'.repeat(32)))
    assert.doesNotThrow(() => assertValidToken('t'.repeat(64)))
    refuses(() => assertValidToken(CANARY.slice(0, 31)), /32 to 64 characters/)
    refuses(() => assertValidToken(CANARY.repeat(3)), /32 to 64 characters/)
  })

  it('takes descriptions of up to 2,048 characters', function () {
    assert.doesNotThrow(() => assertValidDescription(undefined))
    assert.doesNotThrow(() => assertValidDescription('d'.repeat(2048)))
    refuses(() => assertValidDescription(CANARY.padEnd(2049, 'd')), /at most 2048 characters/)
  })

  it('takes up to 50 tags with keys of 1 to 128 and values of up to 256 characters, none under aws:', function () {
    assert.doesNotThrow(() =>
      assertValidTags(Array.from({length: 50}, (_, index) => ({key: `k${index}`, value: 'v'.repeat(256)}))),
    )
    refuses(
      () => assertValidTags(Array.from({length: 51}, (_, index) => ({key: `k${index}`, value: CANARY}))),
      /at most 50 tags/,
    )
    refuses(() => assertValidTags([{key: '', value: CANARY}]), /1 to 128 characters/)
    refuses(() => assertValidTags([{key: 'k'.repeat(129), value: CANARY}]), /1 to 128 characters/)
    refuses(
      () => assertValidTags([{key: 'note', value: CANARY.padEnd(257, 'v')}]),
      /at most 256 characters \(tag note\)/,
    )
    refuses(() => assertValidTags([{key: 'AWS:owner', value: CANARY}]), /reserved/)
  })

  it('applies the same tag rules to --tag KEY=VALUE flags, which add the flag syntax and duplicates', function () {
    refuses(() => parseTagFlags([`${'k'.repeat(129)}=${CANARY}`]), /1 to 128 characters/)
    refuses(() => parseTagFlags([`note=${CANARY.padEnd(257, 'v')}`]), /at most 256 characters/)
    refuses(() => parseTagFlags(Array.from({length: 51}, (_, index) => `k${index}=v`)), /at most 50 tags/)
    refuses(() => parseTagFlags([`=${CANARY}`]), /KEY=VALUE/)
  })

  it('takes 1 to 20 distinct staging labels of 1 to 256 characters; the local store also allows none', function () {
    assert.doesNotThrow(() => assertValidStages(Array.from({length: 20}, (_, index) => `L${index}`)))
    assert.doesNotThrow(() => assertValidStages(['s'.repeat(256)]))
    refuses(() => assertValidStages([]), /1 to 20 staging labels/)
    assert.doesNotThrow(() => assertValidStages([], {allowNone: true}))
    refuses(
      () =>
        assertValidStages(
          Array.from({length: 21}, (_, index) => `L${index}`),
          {allowNone: true},
        ),
      /at most 20 staging labels/,
    )
    refuses(() => assertValidStages(['s'.repeat(257)]), /1 to 256 characters/)
    refuses(() => assertValidStages(['', AWSCURRENT]), /1 to 256 characters/)
    refuses(() => assertValidStages([AWSPENDING, AWSPENDING]), /listed twice/)
  })

  it('takes check-and-set only for a put that makes the new version AWSCURRENT', function () {
    assert.doesNotThrow(() => assertValidCheckAndSetStages(undefined))
    assert.doesNotThrow(() => assertValidCheckAndSetStages([AWSCURRENT]))
    refuses(() => assertValidCheckAndSetStages([AWSPENDING]), /AWSCURRENT/)
    refuses(() => assertValidCheckAndSetStages([AWSCURRENT, 'blue']), /AWSCURRENT/)
  })

  it('names a secret by its name or a Secrets Manager ARN, never another service’s', function () {
    assert.doesNotThrow(() => assertValidSecretId('prod/db'))
    assert.doesNotThrow(() =>
      assertValidSecretId('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'),
    )
    assert.doesNotThrow(() =>
      assertValidSecretId('arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/db'),
    )
    refuses(() => assertValidSecretId('arn:aws:s3:::bucket'), /Invalid secret ARN/)
    refuses(
      () => assertValidSecretId(`arn:aws:secretsmanager:eu-west-1:123456789012:secret:${'n'.repeat(2048)}`),
      /Invalid secret ARN/,
    )
    refuses(() => assertValidSecretId('has space'), /Invalid secret name/)
  })

  it('rotates every 1 to 1,000 whole days', function () {
    assert.doesNotThrow(() => assertValidRotationRules(undefined))
    assert.doesNotThrow(() => assertValidRotationRules({automaticallyAfterDays: 1000}))
    assert.doesNotThrow(() => assertValidRotationRules({scheduleExpression: 'rate(10 days)'}))
    for (const days of [0, 1001, 1.5])
      refuses(() => assertValidRotationRules({automaticallyAfterDays: days}), /1 to 1000/)
  })

  it('deletes with a 7 to 30 day recovery window (30 by default) or by force, never both', function () {
    assert.doesNotThrow(() => assertValidDeleteOptions({}))
    assert.doesNotThrow(() => assertValidDeleteOptions({recoveryWindowDays: 7}))
    assert.doesNotThrow(() => assertValidDeleteOptions({force: true}))
    refuses(() => assertValidDeleteOptions({recoveryWindowDays: 31}), /7 to 30/)
    refuses(
      () => assertValidDeleteOptions({force: true, recoveryWindowDays: 7}),
      /forced delete has no recovery window/,
    )
  })

  it('pages by 1 to 100 entries', function () {
    assert.doesNotThrow(() => assertValidPageSize(undefined))
    assert.doesNotThrow(() => assertValidPageSize(100))
    for (const size of [0, 101, 2.5]) refuses(() => assertValidPageSize(size), /1 to 100/)
  })
})
