/** An event as the API sends it (dates as ISO strings). */
export interface DashboardEvent {
  id: number;
  uid: string;
  eventType: string;
  projectId: string;
  status: string;
  evidence: Record<string, unknown>;
  detectedFrom: string | null;
  metadata: Record<string, unknown> | null;
  sessionId: string | null;
  correlatedWith: string[];
  createdAt: string;
  resolvedAt: string | null;
}

/**
 * A store type as the API sends it: JSON.stringify writes its dates as ISO strings, and a list of
 * such objects likewise. Only the client's types import the store's (erased from the bundle).
 */
export type AsJson<T> = {
  [K in keyof T]: T[K] extends Date
    ? string
    : T[K] extends Date | null
      ? string | null
      : T[K] extends readonly (infer Item)[]
        ? AsJson<Item>[]
        : T[K];
};

export class ApiError extends Error {
  readonly hint: string | null;
  constructor(message: string, hint: string | null) {
    super(message);
    this.hint = hint;
  }
}

/** GETs /api/<path> with the given query (empty values left out); a non-2xx answer throws its message and hint. */
export async function getJson<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  const response = await fetch(`/api/${path}${search ? `?${search}` : ''}`, {
    headers: { accept: 'application/json' },
  });
  const body = (await response.json()) as T & { error?: { message: string; hint: string | null } };
  if (!response.ok) throw new ApiError(body.error?.message ?? response.statusText, body.error?.hint ?? null);
  return body;
}
