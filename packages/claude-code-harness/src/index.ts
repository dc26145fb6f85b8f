export { type ClaudeCliOptions, type ClaudeCliResult, claudePath, runClaudeCli } from './claude-cli.js';
export { findToolResult, lastUserBlocks, lastUserText, toolResultText } from './model-request.js';
export {
  type ClaudeCodeRun,
  type RunClaudeCodeOptions,
  runClaudeCode,
  type StreamJsonMessage,
} from './run-claude-code.js';
export { type ScriptedModel, startScriptedModel } from './scripted-model.js';
export {
  type ModelRequest,
  type ScriptedBlock,
  type ScriptedTurn,
  type TurnScript,
  text,
  toolUse,
  turn,
} from './scripted-turn.js';
export { createTempProject, type TempProject } from './temp-project.js';
