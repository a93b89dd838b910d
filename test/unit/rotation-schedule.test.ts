// Secrets Manager's rotation schedules (src/stores/rotation-schedule.ts): what is accepted and
// refused before any call, with one-line errors naming the rule, and the dates a schedule gives.
import assert from 'node:assert/strict'

import {ExitCode, UsageError} from '../../src/errors.js'
import {
  nextRotationDate,
  parseRotationRules,
  rotationIntervalDays,
  windowHours,
} from '../../src/stores/rotation-schedule.js'
import type {RotationRules} from '../../src/stores/store.js'

function refuses(rules: RotationRules, pattern: RegExp): void {
  assert.throws(
    () => parseRotationRules(rules),
    (error: unknown) => {
      assert.ok(error instanceof UsageError, `expected UsageError, got ${(error as Error)?.constructor?.name}`)
      assert.equal(error.exitCode, ExitCode.Usage)
      assert.ok(!error.message.includes('\n'), 'one line')
      assert.match(error.message, pattern)
      return true
    },
  )
}

const accepts = (rules: RotationRules) => assert.doesNotThrow(() => parseRotationRules(rules))

describe('rotation schedules', function () {
  it('takes AutomaticallyAfterDays from 1 to 1,000, defaulting to 30', function () {
    accepts({automaticallyAfterDays: 1})
    accepts({automaticallyAfterDays: 1000})
    assert.deepEqual(parseRotationRules({}), {kind: 'days', days: 30, source: 'days'})
    refuses({automaticallyAfterDays: 0}, /whole number from 1 to 1000/)
    refuses({automaticallyAfterDays: 1001}, /whole number from 1 to 1000/)
    refuses({automaticallyAfterDays: 2.5}, /whole number/)
  })

  it('refuses days and a schedule expression together, as Secrets Manager does', function () {
    refuses({automaticallyAfterDays: 30, scheduleExpression: 'rate(30 days)'}, /not both/)
  })

  it('takes rate() in hours no more often than every 4 hours, and in days up to 999', function () {
    accepts({scheduleExpression: 'rate(4 hours)'})
    accepts({scheduleExpression: 'rate(1 day)'})
    accepts({scheduleExpression: 'rate(999 days)'})
    refuses({scheduleExpression: 'rate(3 hours)'}, /at most every 4 hours/)
    refuses({scheduleExpression: 'rate(1 hour)'}, /at most every 4 hours/)
    refuses({scheduleExpression: 'rate(1000 days)'}, /999 days/)
    refuses({scheduleExpression: 'rate(5 minutes)'}, /hour, hours, day or days/)
    refuses({scheduleExpression: 'rate(-4 hours)'}, /positive whole number/)
    refuses({scheduleExpression: 'every day'}, /rate\(N hours\)/)
  })

  it('takes six-field cron() with minutes 0, year *, and ? in one of the day fields', function () {
    accepts({scheduleExpression: 'cron(0 8 1 * ? *)'})
    accepts({scheduleExpression: 'cron(0 4/12 * * ? *)'})
    accepts({scheduleExpression: 'cron(0 0 ? * SUN#1 *)'})
    accepts({scheduleExpression: 'cron(0 16 L * ? *)'})
    accepts({scheduleExpression: 'cron(0 2 ? JAN-JUN MON-FRI *)'})
    refuses({scheduleExpression: 'cron(0 8 1 * ?)'}, /six fields .*5 given/)
    refuses({scheduleExpression: 'cron(30 8 1 * ? *)'}, /Minutes field .* must be 0/)
    refuses({scheduleExpression: 'cron(0 8 1 * ? 2027)'}, /Year field .* must be \*/)
    refuses({scheduleExpression: 'cron(0 8 1 * MON *)'}, /either Day-of-month or Day-of-week/)
    refuses({scheduleExpression: 'cron(0 8 ? * ? *)'}, /either Day-of-month or Day-of-week/)
    refuses({scheduleExpression: 'cron(0 24 * * ? *)'}, /Hours field of cron\(\) takes 0–23/)
    refuses({scheduleExpression: 'cron(0 8 32 * ? *)'}, /Day-of-month field/)
    refuses({scheduleExpression: 'cron(0 8 ? * FUNDAY *)'}, /Day-of-week field .*SUN–SAT/)
    refuses({scheduleExpression: 'cron(0 8 1 13 ? *)'}, /Month field .*JAN–DEC/)
  })

  it('refuses a cron() that opens windows less than 4 hours apart', function () {
    refuses({scheduleExpression: 'cron(0 0/2 * * ? *)'}, /at most every 4 hours; .* 2 hours apart/)
    refuses({scheduleExpression: 'cron(0 1,3 * * ? *)'}, /2 hours apart/)
    // Across midnight on a daily schedule, 22:00 then 00:00 is two hours.
    refuses({scheduleExpression: 'cron(0 0,22 * * ? *)'}, /2 hours apart/)
    accepts({scheduleExpression: 'cron(0 0,12 * * ? *)'})
  })

  it('takes a window of 1h to 24h that closes before the next window and before midnight UTC', function () {
    accepts({scheduleExpression: 'rate(6 hours)', duration: '6h'})
    accepts({automaticallyAfterDays: 30, duration: '24h'})
    accepts({scheduleExpression: 'cron(0 20 * * ? *)', duration: '4h'})
    refuses({automaticallyAfterDays: 30, duration: '0h'}, /1h to 24h/)
    refuses({automaticallyAfterDays: 30, duration: '25h'}, /1h to 24h/)
    refuses({automaticallyAfterDays: 30, duration: '90m'}, /1h to 24h/)
    refuses({scheduleExpression: 'rate(6 hours)', duration: '8h'}, /longer than the 6 hours between rotations/)
    refuses(
      {scheduleExpression: 'cron(0 22 * * ? *)', duration: '4h'},
      /opening at 22:00 UTC runs into the next UTC day/,
    )
    refuses({scheduleExpression: 'cron(0 4/6 * * ? *)', duration: '8h'}, /longer than the 6 hours between two windows/)
  })

  it('knows Secrets Manager default windows: one hour for hourly schedules, the rest of the day otherwise', function () {
    assert.equal(windowHours(parseRotationRules({scheduleExpression: 'rate(6 hours)'}), undefined), 1)
    assert.equal(windowHours(parseRotationRules({automaticallyAfterDays: 30}), undefined), 24)
    assert.equal(windowHours(parseRotationRules({scheduleExpression: 'cron(0 20 * * ? *)'}), undefined), 4)
    assert.equal(windowHours(parseRotationRules({automaticallyAfterDays: 30, duration: '3h'}), '3h'), 3)
  })

  it('computes the next rotation: whole days from the last one, hours from the hour, cron by the calendar', function () {
    const last = new Date('2026-03-10T13:45:00Z')
    const now = new Date('2026-03-20T00:00:00Z')
    assert.equal(
      nextRotationDate(parseRotationRules({automaticallyAfterDays: 30}), last, now)?.toISOString(),
      '2026-04-09T13:45:00.000Z',
    )
    assert.equal(
      nextRotationDate(parseRotationRules({scheduleExpression: 'rate(6 hours)'}), last, now)?.toISOString(),
      '2026-03-10T19:00:00.000Z',
    )
    assert.equal(
      nextRotationDate(parseRotationRules({automaticallyAfterDays: 7}), undefined, now)?.toISOString(),
      '2026-03-27T00:00:00.000Z',
    )
    // First Sunday of the month at midnight, after 2026-03-10: 2026-04-05.
    assert.equal(
      nextRotationDate(parseRotationRules({scheduleExpression: 'cron(0 0 ? * SUN#1 *)'}), last, now)?.toISOString(),
      '2026-04-05T00:00:00.000Z',
    )
    // Last day of the month at 16:00.
    assert.equal(
      nextRotationDate(parseRotationRules({scheduleExpression: 'cron(0 16 L * ? *)'}), last, now)?.toISOString(),
      '2026-03-31T16:00:00.000Z',
    )
    // Last Friday (6L) of March 2026 is the 27th.
    assert.equal(
      nextRotationDate(parseRotationRules({scheduleExpression: 'cron(0 3 ? * 6L *)'}), last, now)?.toISOString(),
      '2026-03-27T03:00:00.000Z',
    )
    assert.equal(
      nextRotationDate(parseRotationRules({scheduleExpression: 'cron(0 4/12 * * ? *)'}), last, now)?.toISOString(),
      '2026-03-10T16:00:00.000Z',
    )
  })

  it('measures the time between rotations, for audits', function () {
    const from = new Date('2026-01-01T00:00:00Z')
    assert.equal(rotationIntervalDays(parseRotationRules({automaticallyAfterDays: 30}), from), 30)
    assert.equal(rotationIntervalDays(parseRotationRules({scheduleExpression: 'rate(12 hours)'}), from), 0.5)
    assert.equal(rotationIntervalDays(parseRotationRules({scheduleExpression: 'rate(48 hours)'}), from), 2)
    assert.equal(rotationIntervalDays(parseRotationRules({scheduleExpression: 'cron(0 8 1 * ? *)'}), from), 31)
    assert.equal(rotationIntervalDays(parseRotationRules({scheduleExpression: 'cron(0 4/12 * * ? *)'}), from), 0.5)
  })
})
