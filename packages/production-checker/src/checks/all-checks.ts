import type { CheckDefinition } from '../check-definition';
import { documentationCheck } from './documentation-check';
import { environmentCheck } from './environment-check';
import { gitStateCheck } from './git-state-check';
import { integrationCheck } from './integration-check';
import { migrationsCheck } from './migrations-check';
import { performanceCheck } from './performance-check';
import { rollbackCheck } from './rollback-check';
import { securityCheck } from './security-check';
import { smokeCheck } from './smoke-check';
import { testsCheck } from './tests-check';

/** The built-in checks in report order: the architecture's six, then the deployment checks. */
export const ALL_CHECKS: readonly CheckDefinition[] = [
  testsCheck,
  securityCheck,
  documentationCheck,
  performanceCheck,
  integrationCheck,
  rollbackCheck,
  gitStateCheck,
  migrationsCheck,
  environmentCheck,
  smokeCheck,
];
