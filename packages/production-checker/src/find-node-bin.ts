import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The JavaScript file of a package's binary (`vitest` → node_modules/vitest/vitest.mjs), looked
 * up from `root` towards the filesystem root as Node resolves packages (so hoisted monorepo
 * installs work). Started as `node <file>`, it needs neither a shell nor the `.bin` shim.
 */
export function findNodeBin(root: string, packageName: string, binName = packageName): string | undefined {
  let directory = resolve(root);
  for (;;) {
    const manifestPath = join(directory, 'node_modules', packageName, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        bin?: string | Record<string, string>;
      };
      const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[binName];
      if (bin) return join(dirname(manifestPath), bin);
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
