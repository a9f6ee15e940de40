import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReference, REFERENCE_FILE } from '../../scripts/config-reference.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';

const committed = readFileSync(join(PROJECT_ROOT, REFERENCE_FILE), 'utf8');
const rows = committed.split('\n').filter((l) => l.startsWith('| `'));

describe('docs/config-reference.md', () => {
  it('is what scripts/config-reference.ts writes from the schema now (run it after changing the schema)', () => {
    expect(committed).toBe(configReference());
  });

  it('lists every default the schema applies, with its value', () => {
    const defaults = GaitdConfig.parse({});
    const walk = (v: unknown, path: string[]) => {
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
        return;
      }
      const row = rows.find((r) => r.startsWith(`| \`${path.join('.')}\` |`));
      expect(row, path.join('.')).toBeDefined();
      expect(row!.split(' | ')[2], path.join('.')).toBe(`\`${JSON.stringify(v)}\``);
    };
    walk(defaults, []);
  });

  it('describes every setting', () => {
    expect(rows.length).toBeGreaterThan(60);
    for (const r of rows)
      expect(
        r
          .split(' | ')[4]
          ?.replace(/\|\s*$/, '')
          .trim(),
        r,
      ).not.toBe('');
  });
});
