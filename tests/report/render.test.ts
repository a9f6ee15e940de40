import { describe, expect, it } from 'vitest';
import { SCREENING_DISCLAIMER } from '../../src/gait/types.ts';
import { renderReport } from '../../src/report/index.ts';
import { syntheticAnalysis } from './synthetic-output.ts';

/** Asserting on a 1 MB page would print all of it on failure; report only the missing piece. */
function has(html: string, piece: string | RegExp): string {
  const found = typeof piece === 'string' ? html.includes(piece) : piece.test(html);
  return found ? 'present' : `missing: ${String(piece)}`;
}

describe('renderReport (HTML text)', () => {
  const { output, signals } = syntheticAnalysis('Ann <script>alert(1)</script>');
  const html = renderReport(output, signals);

  it('is one self-contained page: no external scripts, styles, images or fonts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(has(html, /<script[^>]+src=/i)).not.toBe('present');
    expect(has(html, /<link[^>]+href=/i)).not.toBe('present');
    expect(has(html, /<img[^>]+src="http/i)).not.toBe('present');
    expect(has(html, "default-src 'none'")).toBe('present');
  });

  it('escapes text from the recording', () => {
    expect(has(html, 'Ann &lt;script&gt;alert(1)&lt;/script&gt;')).toBe('present');
    expect(has(html, '<script>alert(1)</script>')).not.toBe('present');
  });

  it('puts the screening disclaimer in every assessment card', () => {
    const cards = html.match(/<section class="card assessment [^"]*">[\s\S]*?<\/section>/g) ?? [];
    expect(cards.length).toBeGreaterThanOrEqual(2);
    for (const card of cards) expect(card).toContain(SCREENING_DISCLAIMER);
  });

  it('states the assessment and its evidence in plain words', () => {
    expect(output.summary.assessment.pattern).toBe('knee-driven');
    expect(has(html, 'Knee-driven compensation on the left side')).toBe('present');
    expect(has(html, /Left–right asymmetry of stance time \(SI, positive = left larger\): −\d+\.\d %/)).toBe('present');
    expect(has(html, 'in the wearer&#39;s baseline')).toBe('present');
  });

  it('without signals it still shows the detected events', () => {
    const plain = renderReport(output);
    expect(has(plain, 'chart-events')).toBe('present');
    expect(has(plain, 'chart-signal-left')).not.toBe('present');
  });
});

describe('renderReport without assessments', () => {
  it('says that nothing was compared instead of claiming a normal walk', () => {
    const { output } = syntheticAnalysis();
    const html = renderReport({ ...output, assessments: [] });
    expect(html.includes('No assessment: the walk was too short to learn a baseline')).toBe(true);
    expect(html.includes('No compensation pattern')).toBe(false);
  });
});
