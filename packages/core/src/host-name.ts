/**
 * This machine's name, which lock files and server.json record so that a pid is only believed
 * on its own host. node:os is loaded on first use, not with the module: the hook process
 * bundles the lock and the spool but seldom needs a host name, and loading node:os costs it
 * about 0.3 ms (docs/hook-runner.md, "Latency").
 */
export function hostName(): string {
  return process.getBuiltinModule('node:os').hostname();
}
