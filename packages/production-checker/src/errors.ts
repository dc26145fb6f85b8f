import { Tier1Error } from '@tier1/core';

/** The path given to the checker is not a directory that looks like a project. */
export class ProjectNotFoundError extends Tier1Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super('PROJECT_NOT_FOUND', `${path}: ${problem}`, {
      hint: 'point tier1 check at a project directory (one with package.json, pyproject.toml, go.mod, Cargo.toml or a git repository)',
    });
    this.path = path;
  }

  static override isInstance(value: unknown): value is ProjectNotFoundError {
    return Tier1Error.hasCode(value, 'PROJECT_NOT_FOUND');
  }
}

/** The project's test runner was found in its configuration but cannot be started here. */
export class RunnerNotFoundError extends Tier1Error {
  readonly runner: string;

  constructor(runner: string, problem: string, fix: string) {
    super('RUNNER_NOT_FOUND', `${runner}: ${problem}`, { hint: fix });
    this.runner = runner;
  }
}
