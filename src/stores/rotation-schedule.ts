// Secrets Manager's rotation schedules (RotationRules) as pure rules: check a schedule before
// any call, with one-line errors that name the rule broken, and evaluate it (when is the next
// rotation window, how long between two rotations). Both stores and the rotate/audit workflows
// use it, so a schedule the local store accepts is one Secrets Manager accepts too.
//
// The rules, from the Secrets Manager documentation:
//   https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html
//     AutomaticallyAfterDays 1–1,000; AutomaticallyAfterDays or ScheduleExpression, not both;
//     Duration "the length of the rotation window in hours", which "must not extend into the
//     next rotation window or the next UTC day".
//   https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html
//     rate(Value Unit), Unit hour|hours|day|days, "as often as every four hours", "the maximum
//     rotation period is 999 days"; a rate's window starts at midnight UTC; cron(Minutes Hours
//     Day-of-month Month Day-of-week Year) in UTC with Minutes "must be 0" (windows open on the
//     hour), Hours 0–23, Day-of-month 1–31 (, - * ? / L), Month 1–12 or JAN–DEC (, - * /),
//     Day-of-week 1–7 or SUN–SAT (# , - * ? / L), Year "must be *"; default window one hour for
//     a schedule in hours, the rest of the UTC day for a schedule in days; a window is 1h–24h.
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
//     (the cron dialect): Day-of-month and Day-of-week cannot both be given; one of them is "?".
import {UsageError} from '../errors.js'
import type {RotationRules} from './store.js'
import {plural} from '../wording.js'

const MIN_ROTATION_DAYS = 1
const MAX_ROTATION_DAYS = 1000
const MIN_RATE_HOURS = 4
const MAX_RATE_DAYS = 999
const MIN_WINDOW_HOURS = 1
const MAX_WINDOW_HOURS = 24
export const DEFAULT_ROTATION_DAYS = 30

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

/** A schedule, understood: how it repeats and where its windows open. */
export type ParsedSchedule =
  | {kind: 'days'; days: number; source: 'days' | 'rate'}
  | {kind: 'hours'; hours: number}
  | {kind: 'cron'; cron: CronSchedule}

export interface CronSchedule {
  expression: string
  /** UTC hours at which a window opens, ascending. */
  hours: number[]
  matchesDay(date: Date): boolean
  /** Whether every day of every month matches (so hours repeat daily). */
  everyDay: boolean
}

/** A schedule error: the rule, in one line, never anything but the user's own schedule text. */
function scheduleError(message: string): UsageError {
  return new UsageError(`Invalid rotation schedule: ${message}`)
}

/** Parses and checks RotationRules; throws UsageError naming the rule that is broken. */
export function parseRotationRules(rules: RotationRules): ParsedSchedule {
  const {automaticallyAfterDays: days, scheduleExpression: expression, duration} = rules
  if (days !== undefined && expression !== undefined) {
    throw scheduleError('give either a number of days or a schedule expression, not both (Secrets Manager takes one).')
  }

  let schedule: ParsedSchedule
  if (expression !== undefined) schedule = parseScheduleExpression(expression)
  else {
    const chosen = days ?? DEFAULT_ROTATION_DAYS
    if (!Number.isInteger(chosen) || chosen < MIN_ROTATION_DAYS || chosen > MAX_ROTATION_DAYS) {
      throw scheduleError(
        `rotation every N days takes a whole number from ${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS}.`,
      )
    }

    schedule = {kind: 'days', days: chosen, source: 'days'}
  }

  if (duration !== undefined) assertWindowFits(schedule, parseWindow(duration))
  return schedule
}

export function assertValidRotationSchedule(rules: RotationRules | undefined): void {
  if (rules) parseRotationRules(rules)
}

/** rate(N hours|days) or cron(six fields). */
function parseScheduleExpression(expression: string): ParsedSchedule {
  const text = expression.trim()
  const rate = /^rate\((.*)\)$/i.exec(text)
  if (rate) return parseRate(rate[1])
  const cron = /^cron\((.*)\)$/i.exec(text)
  if (cron) return {kind: 'cron', cron: parseCron(text, cron[1])}
  throw scheduleError(
    'a schedule is rate(N hours), rate(N days) or cron(Minutes Hours Day-of-month Month Day-of-week Year), in UTC.',
  )
}

function parseRate(body: string): ParsedSchedule {
  const match = /^\s*(\d+)\s+(hours?|days?)\s*$/i.exec(body)
  if (!match)
    throw scheduleError(
      'rate() takes a positive whole number and hour, hours, day or days, e.g. rate(12 hours) or rate(30 days).',
    )
  const value = Number(match[1])
  const unit = match[2].toLowerCase()
  if (value < 1) throw scheduleError('rate() takes a positive whole number.')
  if (unit.startsWith('hour')) {
    if (value < MIN_RATE_HOURS)
      throw scheduleError(
        `Secrets Manager rotates at most every ${MIN_RATE_HOURS} hours; rate(${value} ${unit}) is more often.`,
      )
    // A rate of a whole number of days is a daily schedule whatever unit it is written in.
    if (value % 24 === 0) return {kind: 'days', days: value / 24, source: 'rate'}
    return {kind: 'hours', hours: value}
  }

  if (value > MAX_RATE_DAYS) throw scheduleError(`the longest rate() is ${MAX_RATE_DAYS} days.`)
  return {kind: 'days', days: value, source: 'rate'}
}

/** "4h" → 4. Secrets Manager's Duration is whole hours, 1h to 24h. */
export function parseWindow(duration: string): number {
  const match = /^(\d{1,2})h$/.exec(duration.trim())
  const hours = match ? Number(match[1]) : Number.NaN
  if (!Number.isInteger(hours) || hours < MIN_WINDOW_HOURS || hours > MAX_WINDOW_HOURS) {
    throw scheduleError(
      `the rotation window is a whole number of hours from ${MIN_WINDOW_HOURS}h to ${MAX_WINDOW_HOURS}h, e.g. 4h.`,
    )
  }

  return hours
}

/** The window must close before the next window opens and before the UTC day ends. */
function assertWindowFits(schedule: ParsedSchedule, window: number): void {
  if (schedule.kind === 'hours' && window > schedule.hours) {
    throw scheduleError(
      `a ${window}h window is longer than the ${schedule.hours} hours between rotations; it must close before the next one opens.`,
    )
  }

  if (schedule.kind === 'cron') {
    const {hours} = schedule.cron
    const gap = smallestGap(hours)
    if (gap !== undefined && window > gap) {
      throw scheduleError(`a ${window}h window is longer than the ${gap} hours between two windows of this schedule.`)
    }

    const last = hours.at(-1) ?? 0
    if (last + window > 24) {
      throw scheduleError(
        `a ${window}h window opening at ${pad(last)}:00 UTC runs into the next UTC day; windows must close by midnight UTC.`,
      )
    }
  }
}

/** The window's length in hours: the given Duration, or Secrets Manager's default for the schedule. */
export function windowHours(schedule: ParsedSchedule, duration: string | undefined): number {
  if (duration !== undefined) return parseWindow(duration)
  if (schedule.kind === 'hours') return 1
  if (schedule.kind === 'cron') return schedule.cron.hours.length > 1 ? 1 : 24 - (schedule.cron.hours[0] ?? 0)
  return 24
}

/**
 * The longest time between two rotations a schedule allows, in days (for audits: a secret
 * rotated less recently than this plus its window has missed a rotation). A cron schedule
 * is measured over the coming year.
 */
export function rotationIntervalDays(schedule: ParsedSchedule, from: Date = new Date()): number {
  if (schedule.kind === 'days') return schedule.days
  if (schedule.kind === 'hours') return schedule.hours / 24
  let longest = 0
  let previous = nextCronWindow(schedule.cron, from)
  if (!previous) return 366
  for (let index = 0; index < 60; index++) {
    const next = nextCronWindow(schedule.cron, new Date(previous.getTime() + HOUR_MS))
    if (!next) break
    longest = Math.max(longest, next.getTime() - previous.getTime())
    previous = next
  }

  return Math.max(longest / DAY_MS, 1 / 24)
}

/**
 * When the next rotation is due after `lastRotated` (or, never rotated, after `now`): days and
 * rate(N days) count whole days from the last rotation (Secrets Manager then rotates in that
 * day's window); rate(N hours) counts hours from the hour; cron() is the next matching hour.
 */
export function nextRotationDate(schedule: ParsedSchedule, lastRotated: Date | undefined, now: Date): Date | undefined {
  const from = lastRotated ?? now
  if (schedule.kind === 'days') return new Date(from.getTime() + schedule.days * DAY_MS)

  if (schedule.kind === 'hours')
    return new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS + schedule.hours * HOUR_MS)
  return nextCronWindow(schedule.cron, new Date(from.getTime() + 1))
}

/** The rules in words, for describe/list: "every 30 days", "rate(6 hours)", "cron(0 4 ? * SUN *)", plus the window. */
export function describeRotationRules(rules: RotationRules | undefined): string {
  if (!rules) return 'on'
  const every =
    rules.scheduleExpression ??
    (rules.automaticallyAfterDays === undefined ? 'on' : `every ${rules.automaticallyAfterDays} days`)
  return rules.duration ? `${every}, window ${rules.duration}` : every
}

// ---- cron ----

interface FieldSpec {
  name: string
  min: number
  max: number
  names?: string[]
  /** Extra characters this field allows besides , - * / */
  extras: string
}

const HOURS_FIELD: FieldSpec = {name: 'Hours', min: 0, max: 23, extras: ''}
const DOM_FIELD: FieldSpec = {name: 'Day-of-month', min: 1, max: 31, extras: '?L'}
const MONTH_FIELD: FieldSpec = {name: 'Month', min: 1, max: 12, names: MONTHS, extras: ''}
const DOW_FIELD: FieldSpec = {name: 'Day-of-week', min: 1, max: 7, names: WEEKDAYS, extras: '?L#'}

type DayMatcher = (date: Date) => boolean

function parseCron(expression: string, body: string): CronSchedule {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) {
    throw scheduleError(
      `cron() has six fields (Minutes Hours Day-of-month Month Day-of-week Year); ${fields.length} given.`,
    )
  }

  const [minutes, hoursField, dom, month, dow, year] = fields
  if (minutes !== '0')
    throw scheduleError('the Minutes field of a Secrets Manager cron() must be 0: rotation windows open on the hour.')
  if (year !== '*') throw scheduleError('the Year field of a Secrets Manager cron() must be *.')
  if ((dom === '?') === (dow === '?')) {
    throw scheduleError('give either Day-of-month or Day-of-week in cron(), and ? in the other.')
  }

  const hours = [...expandField(hoursField, HOURS_FIELD)].sort((a, b) => a - b)
  const months = expandField(month, MONTH_FIELD)
  const dayMatcher = dom === '?' ? weekdayMatcher(dow) : monthDayMatcher(dom)
  const gap = smallestGap(hours, dom === '*' && month === '*')
  if (gap !== undefined && gap < MIN_RATE_HOURS) {
    throw scheduleError(
      `Secrets Manager rotates at most every ${MIN_RATE_HOURS} hours; this cron() opens windows ${plural(gap, 'hour')} apart.`,
    )
  }

  return {
    expression,
    hours,
    everyDay: (dom === '*' || (dom === '?' && dow === '*')) && month === '*',
    matchesDay: (date) => months.has(date.getUTCMonth() + 1) && dayMatcher(date),
  }
}

/** Values of a field with , - * and /; L and # are handled by the day matchers. */
function expandField(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>()
  for (const item of text.split(',')) {
    const [range, stepText, ...rest] = item.split('/')
    if (rest.length > 0 || range === '') throw fieldError(spec)
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw fieldError(spec)
    let start: number
    let end: number
    if (range === '*') {
      start = spec.min
      end = spec.max
    } else if (range.includes('-')) {
      const [from, to] = range.split('-')
      start = fieldValue(from, spec)
      end = fieldValue(to, spec)
      if (end < start) throw fieldError(spec)
    } else {
      start = fieldValue(range, spec)
      end = stepText === undefined ? start : spec.max
    }

    for (let value = start; value <= end; value += step) values.add(value)
  }

  return values
}

function fieldValue(text: string | undefined, spec: FieldSpec): number {
  if (text === undefined || text === '') throw fieldError(spec)
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1
  const value = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) throw fieldError(spec)
  return value
}

function fieldError(spec: FieldSpec): UsageError {
  const names = spec.names ? ` or ${spec.names[0]}–${spec.names.at(-1)}` : ''
  const extras = spec.extras.replaceAll('?', ' ?').replaceAll('L', ' L').replaceAll('#', ' #')
  return scheduleError(`the ${spec.name} field of cron() takes ${spec.min}–${spec.max}${names} with , - * /${extras}.`)
}

function monthDayMatcher(text: string): DayMatcher {
  if (text === 'L') return (date) => date.getUTCDate() === daysInMonth(date)
  const days = expandField(text, DOM_FIELD)
  return (date) => days.has(date.getUTCDate())
}

function weekdayMatcher(text: string): DayMatcher {
  const nth = /^(\w+)#([1-5])$/.exec(text)
  if (nth) {
    const weekday = fieldValue(nth[1], DOW_FIELD)
    const occurrence = Number(nth[2])
    return (date) => date.getUTCDay() + 1 === weekday && Math.ceil(date.getUTCDate() / 7) === occurrence
  }

  const last = /^(\w+)L$/.exec(text)
  if (last) {
    const weekday = fieldValue(last[1], DOW_FIELD)
    return (date) => date.getUTCDay() + 1 === weekday && date.getUTCDate() + 7 > daysInMonth(date)
  }

  if (text === 'L') return (date) => date.getUTCDay() === 6
  const weekdays = expandField(text, DOW_FIELD)
  return (date) => weekdays.has(date.getUTCDay() + 1)
}

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
}

/** The smallest gap in hours between window openings within a day (and across midnight when daily). */
function smallestGap(hours: number[], wraps = false): number | undefined {
  if (hours.length < 2) return undefined
  let gap = Number.POSITIVE_INFINITY
  for (let index = 1; index < hours.length; index++) gap = Math.min(gap, hours[index] - hours[index - 1])
  if (wraps) gap = Math.min(gap, 24 - hours.at(-1)! + hours[0])
  return gap
}

/** The next hour at or after `from` when a window opens, within about two years. */
function nextCronWindow(cron: CronSchedule, from: Date): Date | undefined {
  const start = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS
  const day = new Date(
    Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate()),
  )
  for (let offset = 0; offset < 2 * 366; offset++) {
    const candidate = new Date(day.getTime() + offset * DAY_MS)
    if (!cron.matchesDay(candidate)) continue
    for (const hour of cron.hours) {
      const at = candidate.getTime() + hour * HOUR_MS
      if (at >= start) return new Date(at)
    }
  }

  return undefined
}

function pad(hour: number): string {
  return String(hour).padStart(2, '0')
}
