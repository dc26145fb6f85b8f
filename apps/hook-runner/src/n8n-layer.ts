/*
 * The bin's second bundle (dist/hook/n8n-layer.js): the n8n reliability layer, which pulls in
 * the n8n API client, the fallback router and the store. main.js imports it at run time only
 * for an n8n tool call, so the hot path of every other tool never parses it.
 */
export { N8nReliabilityHook } from '@tier1/n8n-reliability';
