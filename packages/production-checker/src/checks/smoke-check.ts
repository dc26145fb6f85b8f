import type { CheckDefinition } from '../check-definition';
import type { SmokeRoute } from '../checker-config';

export const DEFAULT_SMOKE_TIMEOUT_MS = 10_000;

interface RouteVerdict {
  method: string;
  path: string;
  expected_status: number;
  status: number | null;
  ok: boolean;
  duration_ms: number;
  problem: string | null;
  body_snippet?: string;
}

async function verifyRoute(
  baseUrl: string,
  route: SmokeRoute,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RouteVerdict> {
  // Loaded on first use (docs/production-checker.md, "Loading").
  const { sanitizeText } = await import('@tier1/events');
  const started = performance.now();
  const verdict = (status: number | null, problem: string | null, body?: string): RouteVerdict => ({
    method: route.method,
    path: route.path,
    expected_status: route.status,
    status,
    ok: problem === null,
    duration_ms: Math.round(performance.now() - started),
    problem,
    ...(problem && body !== undefined ? { body_snippet: sanitizeText(body) } : {}),
  });
  try {
    // redirect: manual, so a route expected to answer 301 is judged on its own answer.
    const response = await fetch(new URL(route.path, baseUrl), {
      method: route.method,
      headers: route.headers,
      body: route.body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const body = await response.text();
    if (response.status !== route.status)
      return verdict(response.status, `returned ${response.status} (expected ${route.status})`, body);
    if (route.contains !== undefined && !body.includes(route.contains))
      return verdict(response.status, `body does not contain ${JSON.stringify(route.contains)}`, body);
    if (route.matches !== undefined && !new RegExp(route.matches).test(body))
      return verdict(response.status, `body does not match /${route.matches}/`, body);
    return verdict(response.status, null);
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    return verdict(null, reason);
  }
}

/** Each route of the verification list answers with its expected status and content (runs when deployment.smoke is set). */
export const smokeCheck: CheckDefinition = {
  name: 'smoke',
  severity: 'blocking',
  timeoutMs: 60_000,
  enabledByDefault: (config) => config.deployment?.smoke !== undefined,
  async run({ config, signal }) {
    const smoke = config.deployment?.smoke;
    if (!smoke)
      return {
        passed: false,
        details: 'deployment.smoke is not configured',
        evidence: { fix: 'set deployment.smoke with a baseUrl and routes' },
        confidence: 100,
      };
    const timeoutMs = smoke.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS;
    const routes = await Promise.all(
      smoke.routes.map((route) => verifyRoute(smoke.baseUrl, route, timeoutMs, signal)),
    );
    const failed = routes.filter((route) => !route.ok);
    const evidence = {
      base_url: smoke.baseUrl,
      route_count: routes.length,
      failed_count: failed.length,
      routes,
    };
    if (failed.length > 0) {
      const first = failed[0] as RouteVerdict;
      return {
        passed: false,
        details: `${failed.length} of ${routes.length} routes failed: ${first.method} ${first.path} ${first.problem}`,
        evidence: {
          ...evidence,
          fix: `check the deployment at ${smoke.baseUrl}: ${first.method} ${first.path} should answer ${first.expected_status}`,
        },
        confidence: 100,
      };
    }
    return {
      passed: true,
      details: `${routes.length} of ${routes.length} routes answered as expected at ${smoke.baseUrl}`,
      evidence,
      confidence: 100,
    };
  },
};
