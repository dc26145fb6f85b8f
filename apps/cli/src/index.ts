export { type Command, type CommandContext, createContext, UsageError } from './command';
export { runCli } from './run-cli';
