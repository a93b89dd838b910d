// Precision and recall of the sensitive-information checks on the labelled corpus in
// test/corpus: every case goes through the full check (secretlint's rule set included), a
// sensitive case counts as caught when a warning names its expected place, a clean case as a
// false alarm when it gets any warning at all. Both must be at least 0.95; the figures, per
// category, are printed so a change that trades one for the other shows.
import assert from 'node:assert/strict'

import {checkSecret} from '../../src/lint/check-secret.js'
import {SecretValue} from '../../src/secret-value.js'
import {CORPUS, type CorpusCase} from '../corpus/sensitive-detection-corpus.js'

const FLOOR = 0.95

interface Outcome {
  entry: CorpusCase
  caught: boolean
  warnings: string[]
}

async function judge(entry: CorpusCase): Promise<Outcome> {
  const {input} = entry
  const value =
    input.value === undefined
      ? undefined
      : SecretValue.fromText(typeof input.value === 'string' ? input.value : JSON.stringify(input.value))
  const tags = input.tags ? Object.entries(input.tags).map(([key, tagValue]) => ({key, value: tagValue})) : undefined
  const result = await checkSecret({
    schema: input.schema,
    value,
    name: input.name,
    description: input.description,
    tags,
  })
  const warnings = result.warnings.map((finding) => `${finding.ruleId}@${finding.location}`)
  const caught =
    entry.expect === undefined
      ? warnings.length > 0
      : result.warnings.some((finding) => finding.location.startsWith(entry.expect!))
  return {entry, caught, warnings}
}

describe('sensitive-information corpus: precision and recall', function () {
  this.timeout(60_000)
  let outcomes: Outcome[]

  before(async function () {
    outcomes = []
    for (const entry of CORPUS) outcomes.push(await judge(entry))
  })

  it('has at least 300 labelled cases, sensitive and clean, in every category of the issue', function () {
    assert.ok(CORPUS.length >= 300, `${CORPUS.length} cases`)
    const categories = new Set(CORPUS.map((entry) => entry.category))
    for (const category of [
      'foreign-labels',
      'labels-as-data',
      'notes',
      'provider-tokens',
      'metadata-keywords',
      'structured-values',
      'settings-not-secrets',
      'public-identifiers',
      'harmless-metadata',
      'placeholders',
    ]) {
      assert.ok(categories.has(category), category)
    }
  })

  it(`reaches precision and recall of at least ${FLOOR}`, function () {
    const positives = outcomes.filter((outcome) => outcome.entry.expect !== undefined)
    const negatives = outcomes.filter((outcome) => outcome.entry.expect === undefined)
    const truePositives = positives.filter((outcome) => outcome.caught).length
    const falsePositives = negatives.filter((outcome) => outcome.caught).length
    const recall = truePositives / positives.length
    const precision = truePositives / (truePositives + falsePositives)

    const rows = new Map<string, {cases: number; sensitive: number; caught: number; falseAlarms: number}>()
    for (const {entry, caught} of outcomes) {
      const row = rows.get(entry.category) ?? {cases: 0, sensitive: 0, caught: 0, falseAlarms: 0}
      row.cases++
      if (entry.expect === undefined) row.falseAlarms += caught ? 1 : 0
      else {
        row.sensitive++
        row.caught += caught ? 1 : 0
      }

      rows.set(entry.category, row)
    }

    const lines = [
      `      corpus: ${outcomes.length} cases (${positives.length} sensitive, ${negatives.length} clean)`,
      `      recall ${recall.toFixed(3)} (${truePositives}/${positives.length}), precision ${precision.toFixed(3)} (${truePositives}/${truePositives + falsePositives})`,
      ...[...rows].map(
        ([category, row]) =>
          `        ${category.padEnd(22)} ${String(row.cases).padStart(3)} cases` +
          (row.sensitive > 0
            ? `  caught ${row.caught}/${row.sensitive}`
            : `  false alarms ${row.falseAlarms}/${row.cases}`),
      ),
    ]
    console.log(lines.join('\n'))

    const missed = positives
      .filter((outcome) => !outcome.caught)
      .map(
        (outcome) =>
          `missed: [${outcome.entry.category}] ${outcome.entry.title} → ${outcome.warnings.join(', ') || 'no warning'}`,
      )
    const alarms = negatives
      .filter((outcome) => outcome.caught)
      .map(
        (outcome) => `false alarm: [${outcome.entry.category}] ${outcome.entry.title} → ${outcome.warnings.join(', ')}`,
      )
    if (process.env.CORPUS_VERBOSE) console.log([...missed, ...alarms].join('\n'))
    assert.ok(recall >= FLOOR, `recall ${recall.toFixed(3)} < ${FLOOR}\n${missed.join('\n')}`)
    assert.ok(precision >= FLOOR, `precision ${precision.toFixed(3)} < ${FLOOR}\n${alarms.join('\n')}`)
  })
})
