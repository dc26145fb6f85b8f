// Types for test-tools.mjs, so TypeScript tests can import toolPath.
export declare const npmTools: Record<
  string,
  { version: string; manifest: Record<string, unknown>; bin: string }
>;
export declare const aptTools: Record<string, { package: string; bin: string }>;
export declare function toolsDir(): string;
export declare function toolPath(name: string): string;
