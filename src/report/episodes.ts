/** The fields of an assessment an episode needs (the analysis output's and the live Assessment alike). */
export interface EpisodeAssessment {
  readonly t: number;
  readonly pattern: string;
  readonly side: string;
  readonly severity: number;
}

export interface Episode<A extends EpisodeAssessment = EpisodeAssessment> {
  readonly from: number;
  readonly to: number;
  readonly worst: A;
  readonly windows: number;
}

/** Consecutive assessments with the same pattern and side, other than "none" (report and dashboard). */
export function episodes<A extends EpisodeAssessment>(assessments: readonly A[]): Episode<A>[] {
  const out: Episode<A>[] = [];
  let current: { from: number; to: number; worst: A; windows: number } | undefined;
  for (const a of [...assessments].sort((x, y) => x.t - y.t)) {
    const same = current && current.worst.pattern === a.pattern && current.worst.side === a.side;
    if (!same && current) {
      out.push(current);
      current = undefined;
    }
    if (a.pattern === 'none') continue;
    if (!current) current = { from: a.t, to: a.t, worst: a, windows: 0 };
    current.to = a.t;
    current.windows++;
    if (a.severity > current.worst.severity) current.worst = a;
  }
  if (current) out.push(current);
  return out;
}
