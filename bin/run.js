#!/usr/bin/env node
// The AWS SDK prints a multi-line Node-version notice on every run under Node 20; stderr is ours.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
