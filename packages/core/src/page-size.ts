/**
 * How many events one page holds wherever the trail is read a page at a time: the store's
 * keyset cursors, `tier1 serve`'s GET /events, the dashboard's API and `tier1 events list`.
 * Here, in the package that loads nothing, so a CLI read through the server can check
 * `--limit` without loading the store.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
