// rotate's flags turned into RotationRules (src/rotation/rotation-request.ts), and what a
// database secret's value must hold for its engine's rotation function
// (src/schemas/rotation-fields.ts): all checked before any call.
import assert from 'node:assert/strict'

import {ExitCode, UsageError} from '../../src/errors.js'
import {rotationRulesFromFlags} from '../../src/rotation/rotation-request.js'
import {
  checkRotationReadiness,
  describeRotationGaps,
  inferRotationStrategy,
  isRotationReady,
} from '../../src/schemas/rotation-fields.js'

function refuses(flags: Parameters<typeof rotationRulesFromFlags>[0], pattern: RegExp): void {
  assert.throws(
    () => rotationRulesFromFlags(flags),
    (error: unknown) =>
      error instanceof UsageError &&
      error.exitCode === ExitCode.Usage &&
      pattern.test(error.message) &&
      !error.message.includes('\n'),
  )
}

describe('rotate flags', function () {
  it('turns --every into days or a rate in hours, and adds --window as the Duration', function () {
    assert.deepEqual(rotationRulesFromFlags({every: '30d'}), {automaticallyAfterDays: 30})
    assert.deepEqual(rotationRulesFromFlags({every: '12h'}), {scheduleExpression: 'rate(12 hours)'})
    assert.deepEqual(rotationRulesFromFlags({schedule: ' cron(0 2 ? * SUN#1 *) ', window: '4h'}), {
      scheduleExpression: 'cron(0 2 ? * SUN#1 *)',
      duration: '4h',
    })
    assert.deepEqual(rotationRulesFromFlags({window: '3h'}), {automaticallyAfterDays: 30, duration: '3h'})
    assert.equal(rotationRulesFromFlags({}), undefined, 'no schedule flag keeps the current schedule')
  })

  it('refuses what Secrets Manager would refuse, naming the rule', function () {
    refuses({every: '30d', schedule: 'rate(30 days)'}, /--every or --schedule, not both/)
    refuses({every: 'monthly'}, /30d or 12h/)
    refuses({every: '1001d'}, /1 to 1000/)
    refuses({every: '2h'}, /at most every 4 hours/)
    refuses({every: '6h', window: '8h'}, /longer than the 6 hours between rotations/)
    refuses({window: '25h'}, /1h to 24h/)
    refuses({lambda: 'rotate-db'}, /Lambda function ARN/)
    assert.doesNotThrow(() =>
      rotationRulesFromFlags({lambda: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-db:live'}),
    )
  })
})

describe('database rotation readiness', function () {
  const base = {engine: 'postgres', host: 'db.internal', username: 'app', password: 'x'.repeat(20)}

  it('needs engine, host, username and password for a single user; masterarn too for alternating users', function () {
    assert.ok(isRotationReady(checkRotationReadiness('postgres', base, 'single-user')))
    const alternating = checkRotationReadiness('postgres', base, 'alternating-users')
    assert.deepEqual(alternating.missing, ['masterarn'])
    assert.equal(
      describeRotationGaps(alternating),
      'the PostgreSQL alternating-users rotation function needs: missing masterarn',
    )
    const bad = checkRotationReadiness('postgres', {...base, masterarn: 'not-an-arn'}, 'alternating-users')
    assert.deepEqual(bad.invalid, ['masterarn'])
    assert.deepEqual(
      checkRotationReadiness('mysql', {engine: 'mysql', host: ' ', password: 'p'}, 'single-user').missing,
      ['host', 'username'],
    )
  })

  it('needs dbname for Oracle, and alternating users for Db2', function () {
    assert.deepEqual(checkRotationReadiness('oracle', {...base, engine: 'oracle'}, 'single-user').missing, ['dbname'])
    assert.equal(inferRotationStrategy('db2', {...base, engine: 'db2'}), 'alternating-users')
    assert.equal(checkRotationReadiness('db2', {...base, engine: 'db2'}, 'single-user').strategyUnsupported, true)
  })

  it('infers the strategy from the function name or a masterarn already in the value', function () {
    assert.equal(
      inferRotationStrategy(
        'postgres',
        base,
        'arn:aws:lambda:eu-west-1:123456789012:function:SecretsManagerRDSPostgreSQLRotationMultiUser',
      ),
      'alternating-users',
    )
    assert.equal(inferRotationStrategy('postgres', {...base, masterarn: 'arn'}, undefined), 'alternating-users')
    assert.equal(inferRotationStrategy('postgres', base, undefined), 'single-user')
  })
})
