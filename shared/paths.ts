// Where the package lives on disk, whether running from TypeScript sources (tests) or from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'digital-twin-universe') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the digital-twin-universe package root');
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();
export const fixturesDir = join(packageRoot, 'fixtures');
