// Lint for secretsmith: typescript-eslint's type-checked recommendations (the rules that find
// bugs: floating promises, misused promises, awaiting non-promises), no import cycles, and the
// layer rule below. Formatting is Prettier's job (npm run format), never a lint error.
import {dirname, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import js from '@eslint/js'
import {importX} from 'eslint-plugin-import-x'
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript'
import tseslint from 'typescript-eslint'

const root = dirname(fileURLToPath(import.meta.url))

/**
 * The layers of src/, highest first: a module imports only from its own layer or a lower one.
 * Anything not listed (errors.ts, secret-value.ts, paths.ts, password.ts, wording.ts, ...) is a
 * base module, the lowest layer; the flag definitions beside base-command.ts (*-flags.ts) belong
 * to the commands. Within a layer, no-cycle keeps imports one-way. Type-only imports obey the
 * rule too: a type belongs with the lowest module that needs it (an output renderer declares the
 * shape it renders, and the workflow that fills it imports that type downward).
 */
const LAYERS = [
  {
    name: 'commands',
    paths: ['commands/', 'hooks/', 'base-command.ts', 'command-args.ts', 'help.ts', /^[a-z-]+-flags\.ts$/],
  },
  {
    name: 'workflows',
    paths: ['authoring/', 'history/', 'rotation/', 'audit/', 'consume/', 'bulk/', 'doctor/', 'completion/'],
  },
  {name: 'input/lint/output', paths: ['input/', 'lint/', 'output/']},
  {name: 'schemas/stores/keychain', paths: ['schemas/', 'stores/', 'keychain.ts']},
]
const BASE = {name: 'base modules'}

function layerOf(file) {
  const path = relative(resolve(root, 'src'), file).split('\\').join('/')
  if (path.startsWith('..')) return undefined
  const matches = (entry) =>
    entry instanceof RegExp ? entry.test(path) : entry.endsWith('/') ? path.startsWith(entry) : path === entry
  const index = LAYERS.findIndex((layer) => layer.paths.some(matches))
  return index === -1 ? {rank: 0, ...BASE} : {rank: LAYERS.length - index, ...LAYERS[index]}
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Imports in src/ point down the layers: commands → workflows → input/lint/output → schemas/stores/keychain → base modules.',
    },
    messages: {
      upward:
        '{{from}} ({{fromLayer}}) may not import {{to}} ({{toLayer}}): imports point down the layers only. Move the shared code down, or pass it in.',
    },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename)
    if (!from) return {}
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = resolve(dirname(context.filename), source).replace(/\.js$/, '.ts')
      const to = layerOf(target)
      if (to && to.rank > from.rank) {
        context.report({
          node,
          messageId: 'upward',
          data: {
            from: relative(root, context.filename),
            fromLayer: from.name,
            to: relative(root, target),
            toLayer: to.name,
          },
        })
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    }
  },
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'oclif.manifest.json',
      '.secretsmith-test-*/',
      'test/',
      'bench/',
      'bin/',
      '*.js',
    ],
  },
  {files: ['src/**/*.ts'], ...js.configs.recommended},
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({files: ['src/**/*.ts'], ...config})),
  {
    files: ['src/**/*.ts'],
    languageOptions: {parserOptions: {projectService: true, tsconfigRootDir: root}},
    plugins: {'import-x': importX, secretsmith: {rules: {layers: layersRule}}},
    settings: {'import-x/resolver-next': [createTypeScriptImportResolver({project: 'tsconfig.json'})]},
    rules: {
      'secretsmith/layers': 'error',
      'import-x/no-cycle': ['error', {ignoreExternal: true}],
      // Interface methods are async by contract (the SecretStore port), even where one backend has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Values from JSON.parse, oclif and the SDK are typed loosely; zod and our own checks judge them instead.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // String(x) of a field default or a typed answer is deliberate; the rule cannot see the narrowing.
      '@typescript-eslint/no-base-to-string': 'off',
      // A parser visitor stops early by throwing a plain record, caught a few lines below.
      '@typescript-eslint/only-throw-error': 'off',
      // Node's 'error' events hand over an Error already; the rule cannot see the listener's type.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // A redundant cast is untidy, not a bug; parallel branches should not fail on one.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
    },
  },
)
