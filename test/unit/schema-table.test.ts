// The shared table renderer used by schema list/show (and list): plain text, no colours,
// the last column wrapping to fit a terminal.
import assert from 'node:assert/strict'

import {renderTable} from '../../src/output/table.js'

describe('renderTable', () => {
  it('draws a header and rows without colour codes', async () => {
    const table = await renderTable(['Name', 'Summary'], [['rds-postgres', 'PostgreSQL credentials']], {width: 200})
    assert.match(table, /Name/)
    assert.match(table, /rds-postgres.*PostgreSQL credentials/)
    assert.doesNotMatch(table, /\u001B\[/)
  })

  it('wraps the last column to fit a narrow terminal', async () => {
    const long = 'word '.repeat(40).trim()
    const table = await renderTable(['Field', 'Description'], [['host', long]], {width: 60})
    for (const line of table.split('\n')) assert.ok(line.length <= 60, `${line.length}: ${line}`)
    assert.equal(table.match(/word/g)?.length, 40)
  })
})
