// The help class skips oclif's ejs rendering for text that can hold no ejs tag, and fills the
// two tags secretsmith's help uses itself: the text it shows is what ejs itself would make of
// it, byte for byte.
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

  it('returns text with a lone % (printf %s, 100%) exactly as ejs renders it, without asking ejs', function () {
    let asked = 0
    const rendered = skippingPlainText((input) => {
      asked++
      return render(input)
    })
    for (const text of ['printf %s "$TOKEN" | secretsmith put x', '100% sure', '%', '% >', '< %', '%%'])
      assert.equal(rendered(text), render(text), text)
    assert.equal(asked, 0)
  })

  it('hands text with an ejs tag or delimiter to the renderer', function () {
    const asked: string[] = []
    const rendered = skippingPlainText((input) => {
      asked.push(input)
      return render(input)
    })
    for (const text of ['<%= config.bin %> <%= command.id %> a/b', 'a %> b', '<%% literal', 'x -%>\ny'])
      assert.equal(rendered(text), render(text), text)
    assert.equal(asked.length, 4)
  })

  describe('the tags it fills in itself', function () {
    const tags = {'<%= config.bin %>': () => 'secretsmith', '<%= command.id %>': () => 'get'}

    it('fills <%= config.bin %> and <%= command.id %> as ejs does, without asking ejs', function () {
      let asked = 0
      const rendered = skippingPlainText((input) => {
        asked++
        return render(input)
      }, tags)
      for (const text of [
        '<%= config.bin %> <%= command.id %> a/b',
        'TOKEN="$(<%= config.bin %> <%= command.id %> ci/x)"; printf %s "$TOKEN"',
        '$ <%= config.bin %> <%= command.id %> NAME [FLAGS]',
        '<%= config.bin %><%= config.bin %>',
      ])
        assert.equal(rendered(text), render(text), text)
      assert.equal(asked, 0)
    })

    it('leaves to ejs a text holding any other tag, and a value ejs would escape', function () {
      const asked: string[] = []
      const ask = (input: string) => {
        asked.push(input)
        return input
      }

      const texts = ['<%= config.bin %> <%- command.id %>', '<%= config.bin %> %> x', '<%=config.bin%>']
      for (const text of texts) skippingPlainText(ask, tags)(text)
      skippingPlainText(ask, {'<%= config.bin %>': () => 'a&b'})('<%= config.bin %>')
      skippingPlainText(ask, {'<%= config.bin %>': () => undefined})('<%= config.bin %>')
      assert.deepEqual(asked, [...texts, '<%= config.bin %>', '<%= config.bin %>'])
    })

    it('reads a value only when a text holds its tag, and a $ in a value stays as it is', function () {
      let read = 0
      const rendered = skippingPlainText(render, {
        '<%= command.id %>': () => {
          read++
          return 'a$1$$b'
        },
      })
      assert.equal(rendered('plain'), 'plain')
      assert.equal(rendered('x <%= command.id %>'), 'x a$1$$b')
      assert.equal(read, 1)
    })
  })
})
