import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildVectors,
  fromHex,
  type PacketValue,
  readVectorFile,
  toLines,
  VECTOR_DIR,
  VECTOR_FILES,
  type Vector,
  type VectorKind,
  type VectorValue,
} from '../../firmware-protocol/vectors/generate.ts';
import {
  CONTROL_OPCODES,
  CONTROL_RESULTS,
  type ControlRequest,
  type ControlResponse,
  decodeControlRequest,
  decodeControlResponse,
  encodeControlRequest,
  encodeControlResponse,
} from '../../src/protocol/control.ts';
import { decodePacket, encodePacket } from '../../src/protocol/packet.ts';
import {
  type DeviceStatus,
  decodeProtocolInfo,
  decodeStatus,
  encodeProtocolInfo,
  encodeStatus,
  type ProtocolInfo,
} from '../../src/protocol/status.ts';

type Decoded = { ok: true; value: unknown } | { ok: false; error: string };

function decode(kind: VectorKind, bytes: Uint8Array): Decoded {
  switch (kind) {
    case 'packet': {
      const r = decodePacket(bytes);
      return r.ok
        ? { ok: true, value: { ...r.packet, samples: Array.from(r.packet.samples) } }
        : { ok: false, error: r.error.code };
    }
    case 'control-request': {
      const r = decodeControlRequest(bytes);
      return r.ok ? { ok: true, value: r.request } : { ok: false, error: r.error.code };
    }
    case 'control-response': {
      const r = decodeControlResponse(bytes);
      return r.ok ? { ok: true, value: r.response } : { ok: false, error: r.error.code };
    }
    case 'status': {
      const r = decodeStatus(bytes);
      return r.ok ? { ok: true, value: r.status } : { ok: false, error: r.error.code };
    }
    case 'protocol-info': {
      const r = decodeProtocolInfo(bytes);
      return r.ok ? { ok: true, value: r.info } : { ok: false, error: r.error.code };
    }
  }
}

function encode(kind: VectorKind, value: VectorValue): Uint8Array {
  switch (kind) {
    case 'packet': {
      const p = value as PacketValue;
      return encodePacket({ ...p, samples: Int16Array.from(p.samples) });
    }
    case 'control-request':
      return encodeControlRequest(value as ControlRequest);
    case 'control-response':
      return encodeControlResponse(value as ControlResponse);
    case 'status':
      return encodeStatus(value as DeviceStatus);
    case 'protocol-info':
      return encodeProtocolInfo(value as ProtocolInfo);
  }
}

const files = VECTOR_FILES.map((name) => ({ name, file: readVectorFile(name) }));
const all: Vector[] = files.flatMap((f) => [...f.file.vectors]);

describe('protocol test vectors', () => {
  for (const { name, file } of files) {
    describe(name, () => {
      it.each(file.vectors.map((v) => [v.name, v] as const))('%s decodes as stated', (_, vector) => {
        const result = decode(vector.kind, fromHex(vector.hex));
        if (vector.expect.ok) expect(result).toEqual({ ok: true, value: vector.expect.value });
        else expect(result).toEqual({ ok: false, error: vector.expect.error });
      });
      const encodable = file.vectors.filter((v) => v.expect.ok && v.roundTrip !== false);
      it.each(encodable.map((v) => [v.name, v] as const))('%s encodes to the stated bytes', (_, vector) => {
        if (!vector.expect.ok) throw new Error('unreachable');
        expect(Buffer.from(encode(vector.kind, vector.expect.value)).toString('hex')).toBe(
          vector.hex.replace(/\s+/g, ''),
        );
      });
    });
  }

  it('the generated files are what generate.ts produces now (run it after changing the codec)', () => {
    for (const [name, file] of Object.entries(buildVectors())) expect(readVectorFile(name)).toEqual(file);
    expect(readFileSync(join(VECTOR_DIR, 'vectors.txt'), 'utf8')).toBe(toLines(files.map((f) => f.file)));
  });

  it('vector names are unique, so a failure names one vector', () => {
    expect(new Set(all.map((v) => v.name)).size).toBe(all.length);
  });

  it('covers the cases the SPEC calls out', () => {
    const packets = all
      .filter((v) => v.kind === 'packet' && v.expect.ok)
      .map((v) => (v.expect as { value: PacketValue }).value);
    const sizes = all.filter((v) => v.kind === 'packet' && v.expect.ok).map((v) => fromHex(v.hex).length);
    expect(sizes).toContain(20);
    expect(sizes).toContain(236);
    expect(packets.some((p) => p.seq === 65535)).toBe(true);
    expect(packets.some((p) => p.seq === 0)).toBe(true);
    expect(packets.some((p) => p.tick === 0xffffffff)).toBe(true);
    expect(packets.some((p) => p.samples.includes(-32768) && p.samples.includes(32767))).toBe(true);
    expect(packets.some((p) => p.fifoOverrun)).toBe(true);
    expect(new Set(packets.map((p) => p.accRangeCode))).toEqual(new Set([0, 1, 2, 3]));
    expect(new Set(packets.map((p) => p.gyrRangeCode))).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(new Set(packets.map((p) => p.rateCode))).toEqual(new Set([0, 1, 2, 3]));

    const requestOps = new Set(
      all
        .filter((v) => v.kind === 'control-request' && v.expect.ok)
        .map((v) => (v.expect as { value: ControlRequest }).value.op),
    );
    expect(requestOps).toEqual(new Set(Object.keys(CONTROL_OPCODES)));
    const responses = all
      .filter((v) => v.kind === 'control-response' && v.expect.ok)
      .map((v) => (v.expect as { value: ControlResponse }).value);
    expect(new Set(responses.map((r) => r.opcode))).toEqual(new Set([...Object.values(CONTROL_OPCODES), 0x42, 0xa5]));
    expect(new Set(responses.map((r) => r.result))).toEqual(new Set(CONTROL_RESULTS));

    const errors = (kind: VectorKind) =>
      new Set(all.filter((v) => v.kind === kind && !v.expect.ok).map((v) => (v.expect as { error: string }).error));
    expect(errors('packet')).toEqual(
      new Set(['too-short', 'unsupported-version', 'bad-sample-count', 'length-mismatch', 'reserved-gyro-range']),
    );
    expect(errors('control-request')).toEqual(
      new Set(['too-short', 'unknown-opcode', 'length-mismatch', 'bad-parameter']),
    );
    expect(errors('control-response')).toEqual(
      new Set(['too-short', 'not-a-response', 'unknown-result', 'unknown-opcode', 'length-mismatch', 'bad-parameter']),
    );
    expect(errors('status')).toEqual(
      new Set(['length-mismatch', 'bad-location', 'reserved-gyro-range', 'bad-battery']),
    );
    expect(errors('protocol-info')).toEqual(new Set(['length-mismatch', 'bad-version-info']));
  });

  it('includes hand-written vectors for every kind', () => {
    const hand = readVectorFile('hand-written.json').vectors;
    expect(new Set(hand.map((v) => v.kind))).toEqual(
      new Set(['packet', 'control-request', 'control-response', 'status', 'protocol-info']),
    );
    expect(hand.length).toBeGreaterThanOrEqual(20);
  });
});
