// Secrets that are not JSON but carry named fields all the same: a dotenv file, a YAML
// document, an INI file. Their keys get the same field rules as a JSON object's. Parsed with
// the well-kept parsers (dotenv, js-yaml, ini), loaded synchronously on first use and only
// when the text has the shape of one of them, so a plain password never loads any of them.
import {createRequire} from 'node:module'

import type {JsonObject} from '../schemas/json-value.js'

export type StructuredFormat = 'dotenv' | 'yaml' | 'ini'

const require = createRequire(import.meta.url)

const COMMENT = /^\s*[#;]/
const DOTENV_LINE = /^\s*(export\s+)?[A-Za-z_][\w.-]*\s*=/
const INI_SECTION = /^\s*\[[^\]\n]+\]\s*$/
const INI_LINE = /^\s*[^=\s[][^=]*=/
// A flow mapping ({…}) is JSON's territory: broken JSON is reported as such, not read as YAML.
const YAML_LINE = /^\s*(-\s+)?("[^"]+"|'[^']+'|[^\s:#"'{[][^:#]*?)\s*:(\s|$)/
const YAML_CONTINUATION = /^\s+\S|^\s*-\s+\S|^---\s*$|^\.\.\.\s*$/

/** Which format the text is written in, when every meaningful line fits one. */
function detectStructuredFormat(text: string): StructuredFormat | undefined {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !COMMENT.test(line))
  if (lines.length === 0 || text.length > 65_536) return undefined
  if (
    lines.some((line) => INI_SECTION.test(line)) &&
    lines.every((line) => INI_SECTION.test(line) || INI_LINE.test(line))
  )
    return 'ini'
  if (lines.every((line) => DOTENV_LINE.test(line))) return 'dotenv'
  if (
    lines.some((line) => YAML_LINE.test(line)) &&
    lines.every((line) => YAML_LINE.test(line) || YAML_CONTINUATION.test(line))
  )
    return 'yaml'
  return undefined
}

/** The text's fields as an object, or undefined when it is not dotenv, YAML or INI. Never throws. */
export function parseStructuredText(text: string): {format: StructuredFormat; fields: JsonObject} | undefined {
  const format = detectStructuredFormat(text)
  if (!format) return undefined
  try {
    const fields = parse(format, text)
    if (fields && typeof fields === 'object' && !Array.isArray(fields) && Object.keys(fields).length > 0)
      return {format, fields: fields as JsonObject}
  } catch {
    // Not parseable after all: the value is checked as plain text. The parser's message quotes the input, so it is dropped.
  }

  return undefined
}

function parse(format: StructuredFormat, text: string): unknown {
  switch (format) {
    case 'dotenv': {
      return (require('dotenv') as typeof import('dotenv')).parse(text)
    }

    case 'ini': {
      return (require('ini') as typeof import('ini')).parse(text)
    }

    case 'yaml': {
      // The core schema: no custom tags, no code, only plain data.
      const yaml = require('js-yaml') as typeof import('js-yaml')
      return yaml.load(text, {schema: yaml.CORE_SCHEMA, json: true})
    }
  }
}
