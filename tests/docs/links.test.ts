import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';

const DOCS = [
  'README.md',
  'docs/getting-started.md',
  'docs/deployment.md',
  'docs/privacy.md',
  'docs/firmware-guide.md',
  'docs/config-reference.md',
];

describe('deployment and user docs', () => {
  it.each(DOCS)('%s links only to files that exist', (doc) => {
    const text = readFileSync(join(PROJECT_ROOT, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) expect(existsSync(join(PROJECT_ROOT, dirname(doc), link)), `${doc} → ${link}`).toBe(true);
  });

  it.each(DOCS.slice(1, 5))('%s names only gaitd commands that exist', (doc) => {
    const text = readFileSync(join(PROJECT_ROOT, doc), 'utf8');
    // Commands as written in code: `gaitd forget …` or npx gaitd run.
    const commands = new Set([...text.matchAll(/(?:npx |`)gaitd ([a-z]+)\b/g)].map((m) => m[1]));
    expect(commands.size).toBeGreaterThan(0);
    for (const c of commands) {
      expect(existsSync(join(PROJECT_ROOT, `src/cli/commands/${c}.ts`)), `${doc}: gaitd ${c}`).toBe(true);
    }
  });
});
