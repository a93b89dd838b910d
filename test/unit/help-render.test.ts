// The help class skips oclif's ejs rendering for text that can hold no ejs tag: the text it
// shows is what ejs itself would make of it, byte for byte.
import assert from 'node:assert/strict'
import {createRequire} from 'node:module'

import {skippingPlainText} from '../../src/help.js'

// The template engine oclif's help renders with (a dependency of @oclif/core, resolved from it).
const ejs = createRequire(createRequire(import.meta.url).resolve('@oclif/core/package.json'))('ejs') as {
  render(template: string, data: object): string
}

describe('help text rendering', function () {
  const render = (input: string) => ejs.render(input, {config: {bin: 'secretsmith'}, command: {id: 'get'}})

  it('returns text without a % exactly as ejs renders it, without asking ejs', function () {
    let asked = 0
    const rendered = skippingPlainText((input) => {
      asked++
      return render(input)
    })
    for (const text of [
      'Print a secret value (or one field of it) to stdout, and nothing else.',
      'line one\n  line two "quoted" \\ back-slashed <tag> $VISUAL',
      '',
    ])
      assert.equal(rendered(text), render(text))
    assert.equal(asked, 0)
  })

  it('hands text with a % to the renderer (templates, and literal percent signs alike)', function () {
    const rendered = skippingPlainText(render)
    assert.equal(rendered('<%= config.bin %> <%= command.id %> a/b'), 'secretsmith get a/b')
    assert.equal(rendered('100% sure'), render('100% sure'))
  })
})
