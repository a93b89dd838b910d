// Preload for tests (node --require; run-trace.ts runs it): records what a run starts that it may
// not need, and writes it as JSON to the file named by SECRETSMITH_TEST_RUN_TRACE at exit:
// - threadPool: asynchronous requests that go through libuv's thread pool, file-system calls and
//   DNS lookups, counted by kind. (Crypto jobs are left out: hkdfSync and the like create the
//   same job objects and run them on the main thread.)
// - streams: which of process.stdout and process.stderr were created (each is made on first use;
//   a pipe's is a socket).
const {createHook} = require('node:async_hooks')
const {writeFileSync} = require('node:fs')

const threadPool = {}
const THREAD_POOL = /^(FSREQCALLBACK|FSREQPROMISE|GETADDRINFOREQWRAP|GETNAMEINFOREQWRAP)$/
createHook({
  init(_id, type) {
    if (THREAD_POOL.test(type)) threadPool[type] = (threadPool[type] ?? 0) + 1
  },
}).enable()

const streams = []
for (const name of ['stdout', 'stderr']) {
  const descriptor = Object.getOwnPropertyDescriptor(process, name)
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() {
      if (!streams.includes(name)) streams.push(name)
      return descriptor.get.call(this)
    },
  })
}

process.on('exit', () => writeFileSync(process.env.SECRETSMITH_TEST_RUN_TRACE, JSON.stringify({threadPool, streams})))
