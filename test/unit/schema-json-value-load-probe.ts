// Child process for schema-json-value.test.ts (run with `node --import tsx`): parses valid JSON,
// then invalid JSON, and prints on stdout, as JSON, whether jsonc-parser had been loaded at each
// step. It must stay unloaded until a value fails to parse.
import {createRequire, register} from 'node:module'
import {sep} from 'node:path'

// require.cache shows a require()d jsonc-parser, but not one imported as an ES module: such an
// import is refused outright, so a static `import ... from 'jsonc-parser'` would fail this probe.
register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'jsonc-parser' || specifier.startsWith('jsonc-parser/')) throw new Error('jsonc-parser imported as an ES module')
  return next(specifier, context)
}`),
)

const {parseJsonObjectOrThrow, parseJsonText} = await import('../../src/schemas/json-value.js')
const {SecretValue} = await import('../../src/secret-value.js')

const loaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes(`${sep}jsonc-parser${sep}`))

const afterImport = loaded()
const valid = '{\n  "engine": "postgres",\n  "port": 5432,\n  "tags": ["a", true, null, -1.5e3]\n}'
const parsedValid = parseJsonText(valid).ok && parseJsonObjectOrThrow(SecretValue.fromText(valid)).port === 5432
const afterValid = loaded()
const broken = parseJsonText('{"a": x}')
const afterInvalid = loaded()
const esmImportRefused = await import('jsonc-parser').then(
  () => false,
  () => true,
)

console.log(
  JSON.stringify({
    afterImport,
    afterInvalid,
    afterValid,
    brokenLocated: !broken.ok && broken.line === 1 && broken.column === 7,
    esmImportRefused,
    parsedValid,
  }),
)
