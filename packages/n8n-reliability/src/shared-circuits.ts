import { CircuitBreaker, type CircuitSnapshot } from './circuit-breaker';
import { FileCircuitStore } from './circuit-store';
import { FALLBACK_TIERS, type FallbackTier } from './execution-result';
import type { N8nReliabilityConfig } from './n8n-config';

/**
 * The project's shared circuit breakers, per tier (`tier1 n8n status`, the worker's /metrics);
 * undefined without a shared file (no Tier 1 configuration). Read only: nothing is written.
 */
export function sharedCircuitSnapshots(
  config: Pick<N8nReliabilityConfig, 'circuitStatePath'>,
): Record<FallbackTier, CircuitSnapshot> | undefined {
  if (!config.circuitStatePath) return undefined;
  const store = new FileCircuitStore(config.circuitStatePath);
  return Object.fromEntries(
    FALLBACK_TIERS.map((tier) => [tier, new CircuitBreaker({ store, key: tier }).snapshot()]),
  ) as Record<FallbackTier, CircuitSnapshot>;
}
