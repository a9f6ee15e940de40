import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../../dashboards/web/src/live-stream.ts';

/** Text without line breaks (field values cannot contain them). */
const lineText = fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));
const eol = fc.constantFrom('\n', '\r\n', '\r');

const message = fc.record({
  id: fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
  event: fc.option(fc.stringMatching(/^[a-z-]{1,12}$/), { nil: undefined }),
  data: fc.array(lineText, { minLength: 1, maxLength: 3 }),
  comment: fc.option(lineText, { nil: undefined }),
});

describe('SSE parser (dashboards/web live stream)', () => {
  it('gives back every message whatever the line endings and however the text is split', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        eol,
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, nl, cuts) => {
          const text = messages
            .map(
              (m) =>
                [
                  m.comment !== undefined ? `:${m.comment}` : undefined,
                  m.id !== undefined ? `id: ${m.id}` : undefined,
                  m.event !== undefined ? `event: ${m.event}` : undefined,
                  ...m.data.map((d) => `data: ${d}`),
                ]
                  .filter((l) => l !== undefined)
                  .map((l) => `${l}${nl}`)
                  .join('') + nl,
            )
            .join('');
          const got: SseMessage[] = [];
          const feed = createSseParser((m) => got.push(m));
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          let from = 0;
          for (const p of [...points, text.length]) {
            feed(text.slice(from, p));
            from = p;
          }
          let lastId: string | undefined;
          const want = messages.map((m) => {
            if (m.id !== undefined) lastId = m.id;
            return { id: lastId, event: m.event ?? 'message', data: m.data.join('\n') };
          });
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores comments and a message without data, and keeps an unfinished message until its blank line', () => {
    const got: SseMessage[] = [];
    const feed = createSseParser((m) => got.push(m));
    feed(': heartbeat\n\nid: 4\nevent: status\n\ndata: {"a"');
    expect(got).toEqual([]);
    feed(':1}\n');
    expect(got).toEqual([]);
    feed('\n');
    expect(got).toEqual([{ id: '4', event: 'message', data: '{"a":1}' }]);
  });
});
