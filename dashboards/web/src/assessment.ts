/** An assessment in the report's words (src/report/words.ts), with its evidence and the screening note. */
import { type Assessment, SCREENING_DISCLAIMER } from '../../../src/gait/types.ts';
import { describeAssessment, describeEvidence } from '../../../src/report/words.ts';
import { h } from './dom.ts';

export function assessmentCard(a: Assessment, heading: string, extra?: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: `card assessment ${a.pattern === 'none' ? 'none' : 'flag'}`, 'data-pattern': a.pattern },
    h('h2', {}, heading),
    h('p', { class: 'headline' }, describeAssessment(a)),
    extra,
    a.evidence.length > 0
      ? h(
          'ul',
          { class: 'evidence' },
          a.evidence.map((e) => h('li', {}, describeEvidence(e))),
        )
      : null,
    h('p', { class: 'disclaimer' }, SCREENING_DISCLAIMER),
  );
}
