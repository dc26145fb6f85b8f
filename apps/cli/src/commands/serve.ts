import { once } from 'node:events';
import { findServer, type ServerInfo } from '@tier1/core';
import { createDashboardHandler } from '@tier1/dashboard';
import { runHook, TIER1_HOOK_HTTP_PATH } from '@tier1/hooks';
import {
  DEFAULT_SERVER_PORT,
  type HookHandler,
  type RecordEvent,
  type RunningServer,
  startDetachedServer,
  startServer,
  stopServer,
} from '@tier1/server';
import { type Command, type CommandContext, UsageError } from '../command';
import { FLAG, parseCommandArgs, VALUE } from '../command-args';
import { readIntegerSetting, readTextSetting } from '../option-or-variable';
import { tier1BinPath } from '../tier1-bin';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 serve [--detach] [--port <n>] [--host <address>] [--token <token>]
       tier1 serve stop
       tier1 serve status [--json]

One long-lived process per project (per TIER1_HOME) that owns the event store: every other
tier1 command, the worker and tier1 check use it at the same time through it; it drains the
spool as hooks write it, answers Claude Code's "type": "http" hooks at /tier1-hook, and serves the
dashboard. Without it, commands open the embedded store themselves, one at a time.

  --detach            start it in the background (output in <home>/server.log) and return
  --port <n>          HTTP port (default ${DEFAULT_SERVER_PORT}, or TIER1_SERVER_PORT; 0 for any free port)
  --host <address>    bind address (default 127.0.0.1); any other address needs a token
  --token <token>     required on every request (default TIER1_SERVER_TOKEN; made up when the
                      address is not loopback, and written to <home>/server.json, mode 0600)

  stop                SIGTERM the running server: it drains the spool, closes the store, exits
  status              whether it runs, its pid, address and store

Exit codes: 0 ok, 1 the server failed (or status found none), 2 usage or configuration error.`;

/** --port and --token, or the variables read when they are not given. */
const PORT = {
  option: 'port',
  variable: 'TIER1_SERVER_PORT',
  min: 0,
  max: 65535,
  fallback: DEFAULT_SERVER_PORT,
  example: String(DEFAULT_SERVER_PORT),
} as const;
const TOKEN = { option: 'token', variable: 'TIER1_SERVER_TOKEN' } as const;

function describe(server: ServerInfo): string {
  return `tier1 serve runs at ${server.url} (pid ${server.pid}, ${server.store})`;
}

/** The hook route runs the command hook's own handler on the request body, recording through the server. */
function hookHandler(context: CommandContext, record: RecordEvent): HookHandler {
  return async (payload) => {
    let stdout = '';
    await runHook({
      stdin: payload,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: context.stderr,
      env: context.env,
      cwd: context.cwd,
      home: context.config().home,
      createSink: () => ({ append: record }),
      loadN8nLayer: () => import('@tier1/n8n-reliability'),
      loadSecretRules: () => import('@tier1/events'),
    });
    return stdout;
  };
}

async function runForeground(
  values: { port?: string; host?: string; token?: string },
  context: CommandContext,
): Promise<number> {
  const config = context.config();
  const server: RunningServer = await startServer({
    config,
    address: values.host,
    port: readIntegerSetting(values.port, PORT, context.env),
    token: readTextSetting(values.token, TOKEN, context.env)?.value,
    hook: { path: TIER1_HOOK_HTTP_PATH, create: (record) => hookHandler(context, record) },
    createDashboard: (hub) =>
      createDashboardHandler({
        hub,
        projectId: config.projectId,
        onError: (error) => writeLine(context.stderr, `tier1 serve: dashboard: ${(error as Error).message}`),
      }),
    log: (line) => writeLine(context.stderr, `tier1 serve: ${line}`),
  });
  writeLine(context.stdout, describe(server.info));
  if (server.info.token)
    writeLine(context.stdout, `token: ${server.info.token} (also in ${config.home}/server.json)`);
  // SIGTERM (tier1 serve stop, systemd) and Ctrl-C drain the spool, close the store and exit 0.
  await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
  await server.close();
  writeLine(context.stdout, 'tier1 serve: stopped');
  return 0;
}

const serve: Command = {
  usage,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, {
      detach: FLAG,
      port: VALUE,
      host: VALUE,
      token: VALUE,
      json: FLAG,
    });
    const [action] = positionals;
    const home = context.config().home;
    if (action === 'stop') {
      const stopped = await stopServer(home);
      writeLine(
        context.stdout,
        stopped ? `stopped tier1 serve (pid ${stopped.pid})` : 'tier1 serve was not running',
      );
      return 0;
    }
    if (action === 'status') {
      const running = findServer(home);
      if (values.json) writeJson(context.stdout, running ?? { running: false });
      else writeLine(context.stdout, running ? describe(running) : `tier1 serve is not running for ${home}`);
      return running ? 0 : 1;
    }
    if (action !== undefined) {
      throw new UsageError(
        `"${action}" is not a tier1 serve action`,
        'use tier1 serve, tier1 serve stop or tier1 serve status',
      );
    }
    if (values.detach) {
      const passOn = argv.filter((argument) => argument !== '--detach');
      const server = await startDetachedServer(home, [process.execPath, tier1BinPath(), 'serve', ...passOn], {
        env: { ...process.env, ...context.env },
        cwd: context.cwd,
      });
      writeLine(context.stdout, describe(server));
      return 0;
    }
    return runForeground(values, context);
  },
};

export default serve;
