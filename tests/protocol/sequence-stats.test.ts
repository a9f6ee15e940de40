import { describe, expect, it } from 'vitest';
import { fromHex, readVectorFile } from '../../firmware-protocol/vectors/generate.ts';
import { type ControlError, rejectionResult } from '../../src/protocol/control.ts';
import { decodePacket } from '../../src/protocol/packet.ts';
import { seqStep, tickDelta, tickDiffSigned, ticksPerSample, unwrapTick } from '../../src/protocol/sequence.ts';
import { createDecodeErrorCounter } from '../../src/protocol/stats.ts';
import { versionAction } from '../../src/protocol/status.ts';

function vectorPacket(name: string) {
  const v = readVectorFile('packets.json').vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  const r = decodePacket(fromHex(v.hex));
  if (!r.ok) throw new Error(r.error.message);
  return r.packet;
}

describe('sequence numbers (SPEC.md § 3.5)', () => {
  it('65535 → 0 is the next packet, not a gap', () => {
    expect(seqStep(vectorPacket('seq-65535').seq, vectorPacket('seq-wrapped-to-0').seq)).toEqual({ kind: 'next' });
  });

  it('counts lost packets as the gap size, across the wrap too', () => {
    expect(seqStep(10, 14)).toEqual({ kind: 'gap', lostPackets: 3 });
    expect(seqStep(65534, 2)).toEqual({ kind: 'gap', lostPackets: 3 });
    expect(seqStep(0, 0x8000)).toEqual({ kind: 'gap', lostPackets: 0x7fff });
  });

  it('a repeated seq is a duplicate and one from behind is late', () => {
    expect(seqStep(500, 500)).toEqual({ kind: 'duplicate' });
    expect(seqStep(500, 499)).toEqual({ kind: 'late' });
    expect(seqStep(3, 65533)).toEqual({ kind: 'late' });
  });
});

describe('ticks (SPEC.md § 3.5)', () => {
  it('measures the interval across the u32 wrap by modular difference', () => {
    const before = vectorPacket('tick-max');
    const after = vectorPacket('tick-wrapped');
    const samplesBetween = tickDelta(before.tick, after.tick) / ticksPerSample(before.rateCode);
    expect(samplesBetween).toBeCloseTo(5, 2);
  });

  it('unwraps into a monotonic count over several wraps', () => {
    let unwrapped = 0;
    let tick = 0;
    const step = 1_000_000_007; // a bit under a quarter of 2^32, so each wrap is crossed in a few steps
    for (let i = 0; i < 20; i++) {
      tick = (tick + step) >>> 0;
      unwrapped = unwrapTick(unwrapped, tick);
    }
    expect(unwrapped).toBe(20 * step);
  });

  it('the signed difference compares a time-sync tick slightly after or before a packet tick', () => {
    expect(tickDiffSigned(0xfffffff0, 0x10)).toBe(0x20);
    expect(tickDiffSigned(0x10, 0xfffffff0)).toBe(-0x20);
  });

  it('ticks per sample are the non-integer 32768 / rate', () => {
    expect([0, 1, 2, 3].map(ticksPerSample)).toEqual([655.36, 327.68, 163.84, 81.92]);
  });
});

describe('decode error counter', () => {
  it('counts per sensor and per code, and its snapshot is a copy', () => {
    const counter = createDecodeErrorCounter();
    for (const name of ['empty', 'version-2', 'version-7', 'count-2-but-20-bytes']) {
      const v = readVectorFile('packets.json').vectors.find((x) => x.name === name);
      const r = decodePacket(fromHex(v?.hex ?? ''));
      if (!r.ok) counter.record('left', r.error.code);
    }
    counter.record('waist', 'reserved-gyro-range');
    const snap = counter.snapshot();
    expect(snap).toEqual({
      left: { 'too-short': 1, 'unsupported-version': 2, 'length-mismatch': 1 },
      waist: { 'reserved-gyro-range': 1 },
    });
    expect(counter.count('left')).toBe(4);
    expect(counter.countOf('left', 'unsupported-version')).toBe(2);
    expect(counter.count('right')).toBe(0);
    counter.record('left', 'too-short');
    expect(snap.left['too-short']).toBe(1);
    expect(counter.countOf('left', 'too-short')).toBe(2);
  });
});

describe('version negotiation (SPEC.md § 7)', () => {
  it('asks a newer sensor that still implements v1 for v1, and gives up on one that does not', () => {
    expect(versionAction({ activeVersion: 1, supportedVersions: [1] })).toBe('ok');
    expect(versionAction({ activeVersion: 2, supportedVersions: [1, 2] })).toBe('request-v1');
    expect(versionAction({ activeVersion: 3, supportedVersions: [2, 3] })).toBe('incompatible');
  });

  it('a sensor answers undecodable requests with the result code the SPEC assigns', () => {
    const err = (code: ControlError['code']): ControlError => ({ code, message: '' });
    expect(rejectionResult(err('unknown-opcode'))).toBe('opcode-not-supported');
    expect(rejectionResult(err('length-mismatch'))).toBe('invalid-length');
    expect(rejectionResult(err('bad-parameter'))).toBe('invalid-parameter');
    expect(rejectionResult(err('too-short'))).toBeUndefined();
  });
});
