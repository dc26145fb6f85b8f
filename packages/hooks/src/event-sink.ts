import type { AutomationEventInput } from '@tier1/events';

/**
 * Where the hook's events go. In the bin this is `@tier1/events`' spool recorder (validated,
 * fsync'd files under `<home>/spool/`): the hook never opens a database, so a hundred hook
 * processes never wait on one another. `tier1 hooks test` uses a spool in a temporary home.
 */
export interface EventSink {
  append(input: AutomationEventInput): Promise<{ uid: string }>;
  /** Seals what was written (the spool renames its segment so a drain can take it). */
  close?(): void | Promise<void>;
}
