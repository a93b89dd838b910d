// The offline rotation rehearsal on the local store: the four steps an AWS rotation function
// runs (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html),
// each printed as it happens.
//   createSecret  a new version labelled AWSPENDING, with the schema's generated field renewed
//                 (or the whole value, for a plain text secret);
//   setSecret     the --hook command, which receives the pending value on stdin (it is what
//                 would change the password in the database); skipped without --hook;
//   testSecret    the --hook command again, to check the new credentials work; skipped likewise;
//   finishSecret  AWSCURRENT moves to the pending version (the old one becomes AWSPREVIOUS) and
//                 AWSPENDING comes off, in one locked write of the local store.
// As with AWS, a step that fails leaves AWSPENDING where it is; the next `rotate --now` finds
// it and resumes with that version instead of making another. The rehearsal changes nothing
// outside the store unless the hook does.
import {randomUUID} from 'node:crypto'

import {ValidationError} from '../errors.js'
import type {ChangeRecorder} from '../history/change-log.js'
import {getSchema, schemaNameFromTags} from '../schemas/registry.js'
import {SecretValue} from '../secret-value.js'
import {AWSCURRENT, AWSPENDING, type RotationRules, type SecretDescription, type SecretStore} from '../stores/store.js'
import {runRotationHook} from './hook.js'
import {suggestCommand} from '../command-hint.js'

/** What the AWS rotation functions leave out of generated passwords by default (EXCLUDE_CHARACTERS). */
const ROTATION_EXCLUDED_CHARACTERS = ':/@"\'\\'
const MIN_GENERATED_LENGTH = 32

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret'

export interface StepReport {
  step: RotationStep
  outcome: 'done' | 'resumed' | 'skipped' | 'failed'
  detail: string
}

export interface RehearsalContext {
  store: SecretStore
  /** stderr lines for humans: each step, and the hook's masked output. */
  notify: (line: string) => void
  /** The change log's recorder: told which rotation step each write is. */
  changes?: ChangeRecorder
}

export interface RehearsalRequest {
  description: SecretDescription
  hook?: string
  rules?: RotationRules
}

export interface RehearsalResult {
  versionId: string
  steps: StepReport[]
}

export async function rehearseRotation(context: RehearsalContext, request: RehearsalRequest): Promise<RehearsalResult> {
  const {store, notify} = context
  const {description} = request
  const name = description.name
  const steps: StepReport[] = []
  const say = (report: StepReport) => {
    steps.push(report)
    notify(`  ${report.step}: ${report.detail}`)
  }

  // createSecret
  const pendingId = Object.keys(description.versions).find(
    (id) => description.versions[id].includes(AWSPENDING) && !description.versions[id].includes(AWSCURRENT),
  )
  let versionId: string
  if (pendingId) {
    versionId = pendingId
    say({
      step: 'createSecret',
      outcome: 'resumed',
      detail: `resuming the rotation left pending: version ${versionId} already holds AWSPENDING`,
    })
  } else {
    const current = await store.getValue(name)
    const renewed = await renewValue(store, description, current.value)
    versionId = randomUUID()
    context.changes?.describeNext(name, {
      summary: `rotation createSecret: ${renewed.what} renewed`,
      versionBefore: current.versionId,
    })
    await store.putValue({name, value: renewed.value, clientRequestToken: versionId, stages: [AWSPENDING]})
    say({
      step: 'createSecret',
      outcome: 'done',
      detail: `new version ${versionId} labelled AWSPENDING (${renewed.what} renewed)`,
    })
  }

  // setSecret and testSecret
  for (const step of ['setSecret', 'testSecret'] as const) {
    if (!request.hook) {
      say({
        step,
        outcome: 'skipped',
        detail: 'skipped: no --hook given, so nothing outside the store was changed or tested',
      })
      continue
    }

    const pending = await store.getValue(name, {versionId, versionStage: AWSPENDING})
    const result = await runRotationHook({
      command: request.hook,
      step,
      secretName: name,
      secretArn: description.arn,
      versionId,
      value: pending.value,
      output: (line) => notify(`    ${step}| ${line}`),
    })
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`
      say({step, outcome: 'failed', detail: `the hook ${how}`})
      throw rotationStepFailed(name, step, how, versionId)
    }

    say({step, outcome: 'done', detail: 'the hook succeeded (the pending value went to its stdin)'})
  }

  // finishSecret: the local store's rotate() with immediate rotation finishes a pending version.
  const before = Object.keys(description.versions).find((id) => description.versions[id].includes(AWSCURRENT))
  context.changes?.describeNext(name, {
    summary: 'rotation finishSecret: AWSCURRENT moved to the pending version',
    ...(before ? {versionBefore: before} : {}),
  })
  await store.rotate(name, {clientRequestToken: versionId, rotationRules: request.rules, rotateImmediately: true})
  say({
    step: 'finishSecret',
    outcome: 'done',
    detail: `AWSCURRENT moved to version ${versionId}; the previous version is AWSPREVIOUS; AWSPENDING removed`,
  })
  return {versionId, steps}
}

/** A failed step, worded once: what failed, that AWSPENDING stays, and how to resume. */
function rotationStepFailed(name: string, step: RotationStep, how: string, versionId: string): ValidationError {
  return new ValidationError(
    `Rotation of ${name} stopped at ${step}: the hook ${how}. AWSPENDING stays on version ${versionId} and AWSCURRENT did not move; ` +
      `fix the cause and run ${suggestCommand('rotate', name, '--now')} again to resume.`,
  )
}

/** The current value with its generated part renewed: the schema's generated field, a JSON password field, or a whole text value. */
async function renewValue(
  store: SecretStore,
  description: SecretDescription,
  current: SecretValue,
): Promise<{value: SecretValue; what: string}> {
  const schemaName = schemaNameFromTags(description.tags)
  const schema = schemaName ? getSchema(schemaName) : undefined
  const object = current.revealJsonObject()
  const field = schema?.generatedField ?? (object && typeof object.password === 'string' ? 'password' : undefined)

  if (object && field) {
    const previous = typeof object[field] === 'string' ? (object[field] as string).length : 0
    const fresh = await store.randomPassword({
      length: Math.max(MIN_GENERATED_LENGTH, previous),
      excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
    })
    const renewed = SecretValue.fromText(JSON.stringify({...object, [field]: fresh.revealText()}))
    return {value: renewed, what: `field ${field}`}
  }

  if (!object && !current.isBinary && (!schema || schema.kind === 'text')) {
    const fresh = await store.randomPassword({
      length: Math.max(MIN_GENERATED_LENGTH, current.byteLength),
      excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
    })
    return {value: fresh, what: 'the whole value'}
  }

  throw new ValidationError(
    `Secret ${description.name} has nothing the rehearsal knows how to renew (no schema with a generated field, no password field, not plain text); nothing was changed. ` +
      `Write the new value yourself with ${suggestCommand('put', description.name)}.`,
  )
}
