import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readVectorFile,
  toHex,
  toLines,
  VECTOR_DIR,
  VECTOR_FILES,
  type Vector,
  type VectorKind,
} from '../../firmware-protocol/vectors/generate.ts';
import { decodeControlRequest, decodeControlResponse } from '../../src/protocol/control.ts';
import { decodePacket } from '../../src/protocol/packet.ts';
import { decodeProtocolInfo, decodeStatus } from '../../src/protocol/status.ts';
import { IN_CI, PROJECT_ROOT } from '../helpers/data.ts';

const C_DIR = join(PROJECT_ROOT, 'firmware-protocol/c');

/** Whether a C compiler is on PATH. In CI its absence fails the test run rather than skipping. */
function ccAvailable(): boolean {
  const found = spawnSync('cc', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found && IN_CI) throw new Error('CI=true but no `cc` on PATH: the C reference codec must be tested in CI');
  if (!found) console.warn('skipping the C reference test: no `cc` on PATH (install gcc or clang)');
  return found;
}

/** The TS decoders' verdict on some bytes, as a vector the C test can check. */
function tsVerdict(kind: VectorKind, name: string, bytes: Uint8Array): Vector {
  const hex = toHex(bytes);
  const error = (code: string): Vector => ({ name, kind, hex, expect: { ok: false, error: code } });
  switch (kind) {
    case 'packet': {
      const r = decodePacket(bytes);
      if (!r.ok) return error(r.error.code);
      return { name, kind, hex, expect: { ok: true, value: { ...r.packet, samples: Array.from(r.packet.samples) } } };
    }
    case 'control-request': {
      const r = decodeControlRequest(bytes);
      return r.ok ? { name, kind, hex, expect: { ok: true, value: r.request } } : error(r.error.code);
    }
    case 'control-response': {
      const r = decodeControlResponse(bytes);
      return r.ok ? { name, kind, hex, expect: { ok: true, value: r.response } } : error(r.error.code);
    }
    case 'status': {
      const r = decodeStatus(bytes);
      if (!r.ok) return error(r.error.code);
      // Reserved bits set: decodes fine but an encoder writes them as 0.
      const reserved = (bytes[1] & 0x80) !== 0 || (bytes[2] & 0xf0) !== 0;
      return { name, kind, hex, expect: { ok: true, value: r.status }, ...(reserved ? { roundTrip: false } : {}) };
    }
    case 'protocol-info': {
      const r = decodeProtocolInfo(bytes);
      return r.ok ? { name, kind, hex, expect: { ok: true, value: r.info } } : error(r.error.code);
    }
  }
}

/** Random and mutated inputs that reach every check: valid-length packets, forced opcodes, 0x80 responses. */
function differentialInputs(): { kind: VectorKind; bytes: Uint8Array }[] {
  const packet = fc.oneof(
    fc.uint8Array({ maxLength: 250 }),
    fc
      .tuple(fc.integer({ min: 1, max: 19 }), fc.nat(), fc.boolean(), fc.constantFrom(0, 0, 0, 0, -1, 1))
      .chain(([n, bit, flip, extra]) =>
        fc.uint8Array({ minLength: 8 + 12 * n + extra, maxLength: 8 + 12 * n + extra }).map((b) => {
          if (b.length > 1) {
            b[0] = 0x20 | n;
            if (((b[1] >> 2) & 7) > 4) b[1] &= ~0x10;
          }
          if (flip && b.length > 0) b[(bit >> 3) % b.length] ^= 1 << (bit & 7);
          return b;
        }),
      ),
  );
  // Request lengths by opcode (SPEC § 4.1): most requests get the right length so parameters are checked.
  const requestBytes = [1, 1, 1, 2, 2, 2, 2, 9, 4, 2, 2];
  const request = fc
    .tuple(fc.integer({ min: 0, max: 10 }), fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.nat(9), fc.boolean())
    .map(([op, b, len, exact]) => {
      b[0] = op;
      if (b[7] > 0x1f) b[7] &= 0x1f; // keep most time-sync host times below 2^53
      return b.subarray(0, exact ? requestBytes[op] : len);
    });
  const response = fc
    .tuple(
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.constantFrom(0x80, 0x80, 0x80, 0x01),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 8 }),
      fc.nat(16),
      fc.boolean(),
    )
    .map(([b, first, opcode, result, len, exact]) => {
      b[0] = first;
      b[1] = opcode === 12 ? b[1] : opcode;
      b[2] = result;
      if (b[9] > 0x1f) b[9] &= 0x1f; // keep most echoed host times below 2^53
      return b.subarray(0, exact ? (opcode === 7 && result === 1 ? 15 : 3) : len);
    });
  const status = fc
    .tuple(
      fc.uint8Array({ minLength: 5, maxLength: 5 }),
      fc.constantFrom(0, 1, 2, 3, 4, 5, 0xfe, 0xff, -1),
      fc.constantFrom(0, 50, 100, 101, 0xfe, 0xff, -1),
      fc.constantFrom(4, 4, 4, 3, 5),
    )
    .map(([b, location, battery, len]) => {
      if (location >= 0) b[0] = location;
      if (battery >= 0) b[3] = battery;
      return b.subarray(0, len);
    });
  const take = <T>(arb: fc.Arbitrary<T>, n: number, seed: number) => fc.sample(arb, { numRuns: n, seed });
  return [
    ...take(packet, 8000, 1).map((bytes) => ({ kind: 'packet' as const, bytes })),
    ...take(request, 3000, 2).map((bytes) => ({ kind: 'control-request' as const, bytes })),
    ...take(response, 3000, 3).map((bytes) => ({ kind: 'control-response' as const, bytes })),
    ...take(status, 3000, 4).map((bytes) => ({ kind: 'status' as const, bytes })),
    // Protocol Info is 2 bytes: every value, plus the wrong lengths.
    ...Array.from({ length: 0x10000 }, (_, v) => ({ kind: 'protocol-info' as const, bytes: Uint8Array.of(v >> 8, v) })),
    ...[[], [1], [1, 2, 0]].map((b) => ({ kind: 'protocol-info' as const, bytes: Uint8Array.from(b) })),
  ];
}

describe.runIf(ccAvailable())('C reference codec (firmware-protocol/c)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-c-'));
  const exe = join(dir, 'test_vectors');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles warning-free as C99 and passes every test vector', () => {
    execFileSync(
      'cc',
      [
        '-std=c99',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-pedantic',
        '-Wconversion',
        '-Wshadow',
        '-O2',
        '-o',
        exe,
        join(C_DIR, 'test_vectors.c'),
        join(C_DIR, 'gaitd_protocol.c'),
      ],
      { stdio: 'pipe' },
    );
    const run = spawnSync(exe, [join(VECTOR_DIR, 'vectors.txt')], { encoding: 'utf8' });
    const total = VECTOR_FILES.reduce((n, name) => n + readVectorFile(name).vectors.length, 0);
    expect(run.stdout).toContain(`passed ${total} of ${total} vectors; encoder guards ok`);
    expect(run.status).toBe(0);
  });

  it('agrees with the TS decoders, value for value and error for error, on 17,000 random and mutated inputs and every 2-byte Protocol Info', () => {
    const vectors = differentialInputs().map(({ kind, bytes }, i) => tsVerdict(kind, `diff-${kind}-${i}`, bytes));
    // Every kind must exercise both outcomes, or the comparison says little.
    for (const kind of ['packet', 'control-request', 'control-response', 'status', 'protocol-info'] as const) {
      const ofKind = vectors.filter((v) => v.kind === kind);
      const ok = ofKind.filter((v) => v.expect.ok).length;
      expect({ kind, enoughOk: ok >= 100, enoughErrors: ofKind.length - ok >= 100 }).toEqual({
        kind,
        enoughOk: true,
        enoughErrors: true,
      });
    }
    const file = join(dir, 'differential.txt');
    writeFileSync(file, toLines([{ description: 'differential', vectors }]));
    const run = spawnSync(exe, [file], { encoding: 'utf8' });
    expect(
      run.stdout
        .split('\n')
        .filter((l) => l.startsWith('FAIL'))
        .slice(0, 10),
    ).toEqual([]);
    expect(run.stdout).toContain(`passed ${vectors.length} of ${vectors.length} vectors`);
  });
});
