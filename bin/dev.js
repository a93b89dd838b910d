#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (no build step); for working on secretsmith itself.
'use strict'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// The package root, not this directory: bin/package.json only marks bin/ as CommonJS.
require('@oclif/core').execute({development: true, dir: require('node:path').join(__dirname, '..')})
