/*
 * The bin's second bundle (dist/hook/n8n-layer.cjs): the n8n reliability layer, which pulls in
 * the n8n API client, the fallback router and the store. main.cjs requires it at run time only
 * for an n8n tool call, so the hot path of every other tool never parses it.
 */
export { N8nReliabilityHook } from '@tier1/n8n-reliability';
