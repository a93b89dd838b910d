// Fault injection for the fake Secrets Manager: per-operation rules that throttle, fail with
// a status, drop the connection before or after the request is processed, add latency, or
// hold a call until the test releases it, either for the next N matching calls (optionally
// after letting the first few through), for a deterministic (seeded) fraction of them, or
// for all of them; plus a transactions-per-second limit per operation.

export type FaultAction =
  | {kind: 'throttle'}
  | {kind: 'status'; status: number; errorType: string; message?: string}
  | {kind: 'drop'; when: 'before' | 'after'}
  | {kind: 'latency'; ms: number}
  | {kind: 'hold'; gate: HoldGate}

/** A held call waits at the gate: `arrived` is called when it gets there, and it goes on once `released` settles. */
export interface HoldGate {
  arrived(): void
  released: Promise<void>
}

export interface FaultSelector {
  /** An operation name such as "PutSecretValue", or "*" (the default) for every operation. */
  operation?: string
  /** Apply to the next N matching calls only. */
  times?: number
  /** Let the first N matching calls through untouched (e.g. fault only the second step of a sequence). */
  skip?: number
  /** Apply to this fraction (0..1) of matching calls, chosen by a seeded generator. */
  fraction?: number
  /** Seed for `fraction` (default 1), so a test sees the same calls faulted every run. */
  seed?: number
}

export interface FaultDecision {
  /** Total latency to add before the request is handled. */
  latencyMs: number
  /** Gates to pass before the request is handled (holds). */
  holds: HoldGate[]
  /** The one fault that decides the outcome, if any (latency and holds never do). */
  terminal?: Exclude<FaultAction, {kind: 'latency'} | {kind: 'hold'}>
  /** Names of the faults applied, for the call log. */
  applied: string[]
}

interface Rule {
  action: FaultAction
  operation: string
  remaining?: number
  skip: number
  fraction?: number
  random?: () => number
}

export class FaultPlan {
  #rules: Rule[] = []
  /** Operation → its quota window; operations of one quota group share the same window object. */
  readonly #tpsLimits = new Map<string, {tps: number; accepted: number[]}>()

  add(action: FaultAction, selector: FaultSelector = {}): void {
    if (selector.times !== undefined && (!Number.isInteger(selector.times) || selector.times < 1)) {
      throw new RangeError('times must be a whole number >= 1')
    }

    if (selector.skip !== undefined && (!Number.isInteger(selector.skip) || selector.skip < 0)) {
      throw new RangeError('skip must be a whole number >= 0')
    }

    if (selector.fraction !== undefined && !(selector.fraction >= 0 && selector.fraction <= 1)) {
      throw new RangeError('fraction must be between 0 and 1')
    }

    this.#rules.push({
      action,
      operation: selector.operation ?? '*',
      skip: selector.skip ?? 0,
      ...(selector.times === undefined ? {} : {remaining: selector.times}),
      ...(selector.fraction === undefined ? {} : {fraction: selector.fraction, random: mulberry32(selector.seed ?? 1)}),
    })
  }

  /** One operation, or several sharing one quota (as PutSecretValue, UpdateSecret and UpdateSecretVersionStage do). */
  limitTps(operation: string | readonly string[], tps: number): void {
    if (!(tps > 0)) throw new RangeError('tps must be positive')
    const window = {tps, accepted: [] as number[]}
    for (const name of typeof operation === 'string' ? [operation] : operation) this.#tpsLimits.set(name, window)
  }

  clear(): void {
    this.#rules = []
    this.#tpsLimits.clear()
  }

  /** Decides what happens to one call of `operation` arriving at time `now` (ms). */
  decide(operation: string, now: number): FaultDecision {
    const decision: FaultDecision = {latencyMs: 0, holds: [], applied: []}
    for (const rule of this.#rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue
      if (rule.remaining === 0) continue
      if (rule.skip > 0) {
        rule.skip--
        continue
      }

      const {action} = rule
      if (action.kind !== 'latency' && action.kind !== 'hold' && decision.terminal) continue
      if (rule.random && rule.random() >= (rule.fraction ?? 0)) continue
      if (rule.remaining !== undefined) rule.remaining--
      if (action.kind === 'latency') {
        decision.latencyMs += action.ms
      } else if (action.kind === 'hold') {
        decision.holds.push(action.gate)
      } else {
        decision.terminal = action
      }

      decision.applied.push(describe(rule.action))
    }

    this.#rules = this.#rules.filter((rule) => rule.remaining !== 0)
    if (!decision.terminal && this.#overTpsLimit(operation, now)) {
      decision.terminal = {kind: 'throttle'}
      decision.applied.push('tps-limit')
    }

    return decision
  }

  /** A sliding one-second window: calls beyond `tps` within it are throttled. */
  #overTpsLimit(operation: string, now: number): boolean {
    const limit = this.#tpsLimits.get(operation)
    if (!limit) return false
    limit.accepted = limit.accepted.filter((time) => now - time < 1000)
    if (limit.accepted.length >= limit.tps) return true
    limit.accepted.push(now)
    return false
  }
}

function describe(action: FaultAction): string {
  switch (action.kind) {
    case 'throttle':
      return 'throttle'
    case 'status':
      return `status-${action.status}`
    case 'drop':
      return `drop-${action.when}`
    case 'latency':
      return `latency-${action.ms}ms`
    case 'hold':
      return 'hold'
  }
}

/** A small seeded PRNG (mulberry32): deterministic fractions without Math.random. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
