// TAB completion's choices, from a command list and a name lister: pure and in-process.
import assert from 'node:assert/strict'

import {type CompletableCommand, completionCandidates} from '../../src/completion/candidates.js'
import {completionScript} from '../../src/completion/shell-scripts.js'

const commands: CompletableCommand[] = [
  {
    words: ['get'],
    flags: {store: {takesValue: true, options: ['aws', 'local']}, field: {takesValue: true}, json: {takesValue: false}},
    args: ['name'],
  },
  {words: ['copy'], flags: {store: {takesValue: true, options: ['aws', 'local']}}, args: ['source', 'destination']},
  {words: ['schema', 'list'], flags: {}, args: []},
  {words: ['schema', 'show'], flags: {}, args: ['schema']},
]
const names = async () => ['app/api', 'app/db', 'ops/token']

describe('completion candidates', () => {
  it('offers commands, then subcommands', async () => {
    assert.deepEqual(await completionCandidates('secretsmith ', commands, names), ['copy', 'get', 'schema'])
    assert.deepEqual(await completionCandidates('secretsmith schema s', commands, names), ['show'])
  })

  it('offers names only where a name goes, after flags and their values', async () => {
    assert.deepEqual(await completionCandidates('secretsmith get --field host app/', commands, names), [
      'app/api',
      'app/db',
    ])
    assert.deepEqual(await completionCandidates('secretsmith get app/db ', commands, names), [], 'one name only')
    assert.deepEqual(await completionCandidates('secretsmith copy o', commands, names), ['ops/token'])
    assert.deepEqual(
      await completionCandidates('secretsmith copy ops/token ', commands, names),
      [],
      'the destination is a new name',
    )
  })

  it('offers the choices of a flag, and passes the chosen store to the name lister', async () => {
    assert.deepEqual(await completionCandidates('secretsmith get --store ', commands, names), ['aws', 'local'])
    let asked: string | undefined
    await completionCandidates('secretsmith get --store local a', commands, async (store) => {
      asked = store
      return []
    })
    assert.equal(asked, 'local')
  })

  it('hands the line to secretsmith through the environment, not its arguments', () => {
    for (const shell of ['bash', 'zsh', 'powershell'] as const)
      assert.match(completionScript(shell, 'secretsmith'), /SECRETSMITH_COMPLETE_LINE/)
  })
})
