import type { TestProject } from 'vitest/node';
import { type RealN8n, startRealN8n } from './real-n8n';

declare module 'vitest' {
  export interface ProvidedContext {
    realN8n: RealN8n;
  }
}

/** One real n8n for the whole package run (it takes seconds to start); stopped and removed after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { n8n, stop } = await startRealN8n();
  project.provide('realN8n', n8n);
  return stop;
}
