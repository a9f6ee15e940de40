import { Observable, type OperatorFunction } from 'rxjs';
import type { GaitAnalyzer } from './gait-analyzer.ts';
import type { GaitResult } from './results.ts';
import type { ImuChunk } from './types.ts';

/**
 * ImuChunk stream → GaitResult stream through one analyzer (createGaitAnalyzer). Completion of
 * the input settles everything still open (the last strides of a recording).
 */
export function analyzeGait(analyzer: GaitAnalyzer): OperatorFunction<ImuChunk, GaitResult> {
  return (source) =>
    new Observable<GaitResult>((subscriber) =>
      source.subscribe({
        next(chunk) {
          for (const result of analyzer.push(chunk)) subscriber.next(result);
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          for (const result of analyzer.finish()) subscriber.next(result);
          subscriber.complete();
        },
      }),
    );
}
