/**
 * `npm run validate`: prints the validation tables. Each section lives in scripts/validate/<name>.ts
 * and default-exports `run(): Promise<string>` returning its table as text.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'validate');
const only = process.argv.slice(2);
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  const mod = (await import(join(here, file))) as { default: () => Promise<string> };
  console.log(await mod.default());
  console.log();
}
