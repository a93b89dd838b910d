// Secrets Manager's staging-label rules as the local store applies them (pure functions over
// one secret's record): what a put moves, what UpdateSecretVersionStage allows, pruning.
import assert from 'node:assert/strict'

import {ConflictError, NotFoundError, UsageError} from '../../src/errors.js'
import {assertValidStages} from '../../src/stores/limits.js'
import {
  MAX_VERSIONS,
  type StoredSecret,
  accessDay,
  addVersion,
  moveStage,
  stagesByVersion,
  versionEntries,
} from '../../src/stores/local-secret-record.js'
import {AWSCURRENT, AWSPENDING, AWSPREVIOUS} from '../../src/stores/store.js'

function secret(): StoredSecret {
  return {
    format: 1,
    name: 'demo/s',
    arnSuffix: 'AbCdEf',
    tags: [],
    createdDate: '2031-01-01T00:00:00.000Z',
    lastChangedDate: '2031-01-01T00:00:00.000Z',
    versions: [],
  }
}

function put(record: StoredSecret, id: string, stages: string[] = [AWSCURRENT]) {
  return addVersion(record, {id, stages, createdDate: '2031-01-01T00:00:00.000Z', file: `v-${id}.rec`})
}

describe('local store staging labels', function () {
  it('moves AWSCURRENT to each new version and AWSPREVIOUS to the one it replaced', function () {
    const record = secret()
    put(record, 'v1')
    assert.deepEqual(stagesByVersion(record), {v1: [AWSCURRENT]})
    put(record, 'v2')
    assert.deepEqual(stagesByVersion(record), {v1: [AWSPREVIOUS], v2: [AWSCURRENT]})
    put(record, 'v3')
    assert.deepEqual(stagesByVersion(record), {v2: [AWSPREVIOUS], v3: [AWSCURRENT]})
    assert.deepEqual(
      versionEntries(record, true).map((entry) => [entry.versionId, entry.stages]),
      [
        ['v3', [AWSCURRENT]],
        ['v2', [AWSPREVIOUS]],
        ['v1', []],
      ],
    )
    assert.deepEqual(
      versionEntries(record, false).map((entry) => entry.versionId),
      ['v3', 'v2'],
    )
  })

  it('moves a custom label from its holder without touching AWSCURRENT', function () {
    const record = secret()
    put(record, 'v1')
    put(record, 'v2', [AWSPENDING])
    put(record, 'v3', [AWSPENDING])
    assert.deepEqual(stagesByVersion(record), {v1: [AWSCURRENT], v3: [AWSPENDING]})
  })

  it('rolls back: AWSCURRENT to the previous version makes the replaced one AWSPREVIOUS', function () {
    const record = secret()
    put(record, 'v1')
    put(record, 'v2')
    moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'v1', removeFromVersionId: 'v2'})
    assert.deepEqual(stagesByVersion(record), {v1: [AWSCURRENT], v2: [AWSPREVIOUS]})
  })

  it('moving AWSCURRENT to an old version takes AWSPREVIOUS from whoever had it', function () {
    const record = secret()
    put(record, 'v1')
    put(record, 'v2')
    put(record, 'v3')
    moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'v1', removeFromVersionId: 'v3'})
    assert.deepEqual(stagesByVersion(record), {v1: [AWSCURRENT], v3: [AWSPREVIOUS]})
  })

  it('requires the current holder when a label is attached, and refuses a stale one with ConflictError', function () {
    const record = secret()
    put(record, 'v1')
    put(record, 'v2')
    const before = JSON.stringify(record)
    assert.throws(() => moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'v1'}), UsageError)
    assert.throws(
      () => moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'v1', removeFromVersionId: 'v1'}),
      ConflictError,
    )
    assert.throws(
      () => moveStage(record, {stage: 'BLUE', moveToVersionId: 'v1', removeFromVersionId: 'v2'}),
      ConflictError,
    )
    assert.throws(
      () => moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'nope', removeFromVersionId: 'v2'}),
      NotFoundError,
    )
    assert.throws(() => moveStage(record, {stage: AWSCURRENT, removeFromVersionId: 'v2'}), UsageError)
    assert.throws(() => moveStage(record, {stage: 'BLUE'}), UsageError)
    assert.throws(() => moveStage(record, {stage: '', moveToVersionId: 'v1'}), UsageError)
    assert.equal(JSON.stringify(record), before, 'a refused move changes nothing')
  })

  it('treats moving a label onto the version that already has it as done', function () {
    const record = secret()
    put(record, 'v1')
    moveStage(record, {stage: AWSCURRENT, moveToVersionId: 'v1'})
    assert.deepEqual(stagesByVersion(record), {v1: [AWSCURRENT]})
  })

  it(`past ${MAX_VERSIONS} versions drops the oldest unlabelled ones older than 24 hours, never a labelled one`, function () {
    const record = secret()
    const at = (hours: number) => new Date(Date.parse('2031-01-01T00:00:00.000Z') + hours * 3_600_000).toISOString()
    addVersion(record, {id: 'v0', stages: [AWSCURRENT], createdDate: at(0), file: 'v-v0.rec'})
    moveStage(record, {stage: 'KEEP', moveToVersionId: 'v0'})
    const dropped = []
    for (let index = 1; index <= MAX_VERSIONS + 5; index++) {
      dropped.push(
        ...addVersion(record, {
          id: `v${index}`,
          stages: [AWSCURRENT],
          createdDate: at(index === MAX_VERSIONS + 5 ? 25 : 0),
          file: `v-v${index}.rec`,
        }),
      )
    }

    assert.equal(record.versions.length, MAX_VERSIONS)
    assert.deepEqual(
      dropped.map((version) => version.id),
      ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'],
    )
    assert.ok(
      record.versions.some((version) => version.id === 'v0'),
      'the labelled oldest version stays',
    )
  })

  it('keeps every unlabelled version younger than 24 hours, even past the limit', function () {
    const record = secret()
    for (let index = 1; index <= MAX_VERSIONS + 5; index++) assert.deepEqual(put(record, `v${index}`), [])
    assert.equal(record.versions.length, MAX_VERSIONS + 5)
    const later = addVersion(record, {
      id: 'late',
      stages: [AWSCURRENT],
      createdDate: '2031-01-01T23:59:59.000Z',
      file: 'v-late.rec',
    })
    assert.deepEqual(later, [], '23:59:59 is still younger than a day')
    const dayLater = addVersion(record, {
      id: 'next-day',
      stages: [AWSCURRENT],
      createdDate: '2031-01-02T00:00:00.000Z',
      file: 'v-next-day.rec',
    })
    assert.deepEqual(
      dayLater.map((version) => version.id),
      ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'],
    )
    assert.equal(record.versions.length, MAX_VERSIONS)
  })

  it('validates staging label lists', function () {
    assert.doesNotThrow(() => assertValidStages([AWSCURRENT, 'BLUE']))
    assert.throws(() => assertValidStages(['x'.repeat(257)]), UsageError)
    assert.throws(() => assertValidStages(['A', 'A']), UsageError)
    assert.throws(() => assertValidStages(Array.from({length: 21}, (_, index) => `L${index}`)), UsageError)
  })

  it('records access by the UTC day', function () {
    assert.equal(accessDay(new Date('2031-05-06T23:59:59.999Z')), '2031-05-06T00:00:00.000Z')
    assert.equal(accessDay(new Date('2031-05-07T00:00:00.000Z')), '2031-05-07T00:00:00.000Z')
  })
})
