import { N8nApiClient } from './n8n-api-client';
import { findWorkflow, type N8nReliabilityConfig } from './n8n-config';

/**
 * The mapped workflow name for an id or name from a tool's input: the name itself, a mapped
 * `workflowId`, else n8n's own list (`GET /api/v1/workflows`) when the API is configured. An
 * unknown reference, or n8n not answering, leaves it as it is.
 */
export async function resolveWorkflowName(
  workflowRef: string,
  config: N8nReliabilityConfig,
): Promise<string> {
  if (findWorkflow(config, workflowRef)) return workflowRef;
  const byId = Object.values(config.workflows).find((mapping) => mapping.workflowId === workflowRef);
  if (byId) return byId.name;
  const { n8nUrl, n8nApiKey, apiTimeoutMs } = config;
  if (!n8nUrl || !n8nApiKey) return workflowRef;
  try {
    const client = new N8nApiClient({ baseUrl: n8nUrl, apiKey: n8nApiKey, timeoutMs: apiTimeoutMs });
    const workflows = await client.listWorkflows();
    return workflows.find((workflow) => workflow.id === workflowRef)?.name ?? workflowRef;
  } catch {
    return workflowRef;
  }
}
