// The `rotate` workflow: turn rotation on (or change its schedule), rotate now, or cancel it.
// Everything that can be checked is checked before the first write: the schedule against
// Secrets Manager's rules, the function ARN's shape, and for a database-schema secret that its
// value has every field the engine's rotation function reads (exit 5, nothing changed). On AWS,
// RotateSecret does the work (its rotation function runs the four steps); on the local store,
// which has no functions, the schedule is recorded and --now runs the offline rehearsal.
import {randomUUID} from 'node:crypto'

import {UsageError, ValidationError, scheduledForDeletionError} from '../errors.js'
import type {ChangeRecorder} from '../history/change-log.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {schemaNameFromTags} from '../schemas/registry.js'
import {
  type RotationStrategy,
  checkRotationReadiness,
  databaseEngineOf,
  describeRotationGaps,
  inferRotationStrategy,
  isDatabaseSchema,
  isRotationReady,
} from '../schemas/rotation-fields.js'
import {DEFAULT_ROTATION_DAYS, describeRotationRules} from '../stores/rotation-schedule.js'
import type {RotationRules, SecretDescription, SecretStore, StoreTarget} from '../stores/store.js'
import {type StepReport, rehearseRotation} from './rehearsal.js'
import {type RotationFlags, rotationRulesFromFlags} from './rotation-request.js'
import {suggestCommand} from '../command-hint.js'

export interface RotationContext {
  store: SecretStore
  notify: (line: string) => void
  /** The change log's recorder: told what a rotation write was (schedule, step). */
  changes?: ChangeRecorder
}

export interface RotationRequest extends RotationFlags {
  name: string
  now?: boolean
  cancel?: boolean
  hook?: string
  strategy?: RotationStrategy
}

export interface RotationOutcome {
  action: 'scheduled' | 'rotated' | 'cancelled'
  name: string
  arn: string
  store: StoreTarget
  rotationRules?: RotationRules
  rotationLambdaArn?: string
  versionId?: string
  /** The rehearsal's steps (local store, --now). */
  steps?: StepReport[]
  summary: string
}

export async function configureRotation(context: RotationContext, request: RotationRequest): Promise<RotationOutcome> {
  const {store, notify} = context
  assertCompatible(request, store.kind)
  const asked = rotationRulesFromFlags(request)
  const description = await store.describe(request.name)
  if (description.deletedDate) throw scheduledForDeletionError(request.name)
  const target = await store.target()

  if (request.cancel) {
    context.changes?.describeNext(request.name, {summary: 'rotation cancelled'})
    const ref = await store.cancelRotation(request.name)
    const summary = formatWriteSummary({
      action: 'Cancelled rotation of',
      name: ref.name,
      target,
      arn: ref.arn,
      detail: 'no further scheduled rotations; the value is unchanged',
    })
    notify(summary)
    return {action: 'cancelled', name: ref.name, arn: ref.arn, store: target, summary}
  }

  // Rotation turned on without a schedule gets AWS's advice: every 30 days.
  const rules = asked ?? (description.rotationEnabled ? undefined : {automaticallyAfterDays: DEFAULT_ROTATION_DAYS})
  const lambdaArn = request.lambda ?? description.rotationLambdaArn
  if (store.kind === 'aws' && !lambdaArn) {
    throw new UsageError(
      `Secret ${request.name} has no rotation function yet: name one with --lambda arn:aws:lambda:REGION:ACCOUNT:function:NAME.`,
    )
  }

  await assertRotationReady(store, description, request.strategy, lambdaArn)
  const schedule = describeRotationRules(rules ?? description.rotationRules)

  if (store.kind === 'local' && request.now) {
    notify(`Rotating ${request.name} in ${target.label}: an offline rehearsal of the four rotation steps.`)
    const rehearsal = await rehearseRotation(
      {store, notify, changes: context.changes},
      {description, hook: request.hook, rules},
    )
    const summary = formatWriteSummary({
      action: 'Rotated',
      name: description.name,
      target,
      arn: description.arn,
      versionId: rehearsal.versionId,
      detail: `rotation ${schedule}; AWSCURRENT is the new version`,
    })
    notify(summary)
    return {
      action: 'rotated',
      name: description.name,
      arn: description.arn,
      store: target,
      rotationRules: rules,
      versionId: rehearsal.versionId,
      steps: rehearsal.steps,
      summary,
    }
  }

  context.changes?.describeNext(request.name, {summary: `rotation ${schedule}${request.now ? ', rotate now' : ''}`})
  const result = await store.rotate(request.name, {
    clientRequestToken: randomUUID(),
    ...(request.lambda ? {rotationLambdaArn: request.lambda} : {}),
    ...(rules ? {rotationRules: rules} : {}),
    rotateImmediately: Boolean(request.now),
  })
  const detail = request.now
    ? `rotation ${schedule}; rotating now${result.versionId ? ` (new version ${result.versionId})` : ''}${lambdaArn ? ` with ${lambdaArn}` : ''}`
    : `rotation ${schedule}${lambdaArn ? ` with ${lambdaArn}` : ''}; the value is unchanged until the first window`
  const summary = formatWriteSummary({
    action: request.now ? 'Rotating' : 'Scheduled rotation of',
    name: result.name,
    target,
    arn: result.arn,
    detail,
  })
  notify(summary)
  return {
    action: request.now ? 'rotated' : 'scheduled',
    name: result.name,
    arn: result.arn,
    store: target,
    ...(rules ? {rotationRules: rules} : {}),
    ...(lambdaArn ? {rotationLambdaArn: lambdaArn} : {}),
    ...(result.versionId ? {versionId: result.versionId} : {}),
    summary,
  }
}

function assertCompatible(request: RotationRequest, kind: SecretStore['kind']): void {
  const scheduling =
    [request.every, request.schedule, request.window, request.lambda, request.strategy].some(
      (flag) => flag !== undefined,
    ) || request.now
  if (request.cancel && (scheduling || request.hook !== undefined)) {
    throw new UsageError('--cancel takes no other rotation flag: it turns scheduled rotation off.')
  }

  if (request.hook !== undefined && (kind !== 'local' || !request.now)) {
    throw new UsageError(
      '--hook runs in the local store rehearsal only (--store local --now); on AWS the rotation function does those steps.',
    )
  }
}

/**
 * A database-schema secret must have what its engine's rotation function reads, for the
 * strategy in use, before rotation is turned on: otherwise the first rotation fails in the
 * middle of the night. Reads the current value once, in memory.
 */
async function assertRotationReady(
  store: SecretStore,
  description: SecretDescription,
  strategy: RotationStrategy | undefined,
  lambdaArn: string | undefined,
): Promise<void> {
  const schema = schemaNameFromTags(description.tags)
  if (!isDatabaseSchema(schema)) {
    if (strategy)
      throw new UsageError(
        `--strategy applies to database secrets (created with a database --schema); ${description.name} has ${schema ? `schema ${schema}` : 'no schema'}.`,
      )
    return
  }

  const {value} = await store.getValue(description.name)
  const object = value.revealJsonObject()
  const engine = databaseEngineOf(schema, object)!
  if (!object) {
    throw new ValidationError(
      `Secret ${description.name} has schema ${schema} but its value is not a JSON object; no rotation function could read it. Nothing was changed.`,
    )
  }

  const readiness = checkRotationReadiness(engine, object, strategy ?? inferRotationStrategy(engine, object, lambdaArn))
  if (isRotationReady(readiness)) return
  const first = [...readiness.missing, ...readiness.invalid][0]
  throw new ValidationError(
    `Secret ${description.name} cannot be rotated yet: ${describeRotationGaps(readiness)}. Nothing was changed` +
      (first ? `; add it with: ${suggestCommand('put', description.name, '--field', first)}` : '') +
      '.',
  )
}
