// What `rotate` was asked to do, from its flags, checked before any call: --every 30d /
// --every 12h, --schedule 'rate(...)' | 'cron(...)', --window 4h, --lambda ARN. Days become
// AutomaticallyAfterDays, hours a rate() expression (Secrets Manager takes hours only as a
// schedule expression); the whole schedule then goes through the Secrets Manager rules in
// stores/rotation-schedule.ts, so a bad schedule is a one-line usage error, nothing sent.
import {UsageError} from '../errors.js'
import {DEFAULT_ROTATION_DAYS, parseRotationRules, parseWindow} from '../stores/rotation-schedule.js'
import type {RotationRules} from '../stores/store.js'

/** arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] (any partition). */
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]+)?$/

export interface RotationFlags {
  every?: string
  schedule?: string
  window?: string
  lambda?: string
}

/** The rules the flags ask for, or undefined when they name no schedule (keep the current one). */
export function rotationRulesFromFlags(flags: RotationFlags): RotationRules | undefined {
  if (flags.every !== undefined && flags.schedule !== undefined) {
    throw new UsageError('Give --every or --schedule, not both.')
  }

  if (flags.lambda !== undefined && !LAMBDA_ARN.test(flags.lambda)) {
    throw new UsageError('--lambda takes a Lambda function ARN: arn:aws:lambda:REGION:ACCOUNT:function:NAME.')
  }

  let rules: RotationRules | undefined
  if (flags.every !== undefined) rules = parseEvery(flags.every)
  if (flags.schedule !== undefined) rules = {scheduleExpression: flags.schedule.trim()}
  if (flags.window !== undefined) {
    parseWindow(flags.window)
    rules = {...(rules ?? {automaticallyAfterDays: DEFAULT_ROTATION_DAYS}), duration: flags.window.trim()}
  }

  if (rules) parseRotationRules(rules)
  return rules
}

/** "30d" → every 30 days; "12h" → rate(12 hours). */
function parseEvery(text: string): RotationRules {
  const match = /^(\d{1,4})\s*([dh])$/i.exec(text.trim())
  if (!match) throw new UsageError('--every takes a number of days or hours, e.g. 30d or 12h.')
  const amount = Number(match[1])
  return match[2].toLowerCase() === 'd'
    ? {automaticallyAfterDays: amount}
    : {scheduleExpression: `rate(${amount} hours)`}
}
