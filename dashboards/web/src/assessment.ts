/** An assessment in the report's words (src/report/words.ts), with its evidence and the screening note. */
import { type Assessment, type Evidence, SCREENING_DISCLAIMER } from '../../../src/gait/types.ts';
import { describeAssessment, describeEvidence } from '../../../src/report/words.ts';
import { h } from './dom.ts';

export function assessmentCard(a: Assessment, heading: string, extra?: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: `card assessment ${a.pattern === 'none' ? 'none' : 'flag'}`, 'data-pattern': a.pattern },
    h('h2', {}, heading),
    h('p', { class: 'headline' }, describeAssessment(a)),
    extra,
    evidenceList(a.evidence),
    h('p', { class: 'disclaimer' }, SCREENING_DISCLAIMER),
  );
}

/** The evidence behind an assessment or alert, one plain-words line each; nothing when there is none. */
export function evidenceList(evidence: readonly Evidence[]): HTMLElement | null {
  return evidence.length > 0
    ? h(
        'ul',
        { class: 'evidence' },
        evidence.map((e) => h('li', {}, describeEvidence(e))),
      )
    : null;
}
