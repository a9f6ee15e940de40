/**
 * Writes the protocol test vectors: packets.json, control.json, status.json (and vectors.txt, the
 * line form of those plus hand-written.json that the C host test reads).
 *
 *   npx tsx firmware-protocol/vectors/generate.ts
 *
 * Valid vectors are built from the decoded values stated here and encoded by the TS encoder;
 * invalid ones are built byte by byte with the error code SPEC.md says they must produce (the
 * decoder is never asked). The independent checks are hand-written.json (hex typed from the
 * SPEC's byte diagrams) and the C reference, written separately from the SPEC.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONTROL_OPCODES,
  CONTROL_RESULTS,
  type ControlRequest,
  type ControlResponse,
  encodeControlRequest,
  encodeControlResponse,
  IDENTIFY_PATTERNS,
} from '../../src/protocol/control.ts';
import { encodePacket, type ImuPacket } from '../../src/protocol/packet.ts';
import { type DeviceStatus, encodeProtocolInfo, encodeStatus, type ProtocolInfo } from '../../src/protocol/status.ts';
import { LOCATIONS } from '../../src/sensors/types.ts';

export const VECTOR_DIR = dirname(fileURLToPath(import.meta.url));

export type VectorKind = 'packet' | 'control-request' | 'control-response' | 'status' | 'protocol-info';

/** A packet as JSON holds it: samples as a plain number array. */
export type PacketValue = Omit<ImuPacket, 'samples'> & { readonly samples: readonly number[] };
export type VectorValue = PacketValue | ControlRequest | ControlResponse | DeviceStatus | ProtocolInfo;

export interface Vector {
  readonly name: string;
  readonly kind: VectorKind;
  /** Lower-case hex; spaces between bytes allowed (hand-written vectors); "" for an empty value. */
  readonly hex: string;
  readonly expect: { readonly ok: true; readonly value: VectorValue } | { readonly ok: false; readonly error: string };
  /** false: decode-only (e.g. reserved bits set that an encoder writes as 0). Default true. */
  readonly roundTrip?: boolean;
  readonly note?: string;
}

export interface VectorFile {
  readonly description: string;
  readonly vectors: readonly Vector[];
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

/** Deterministic int16 samples (LCG), so the file does not change between runs. */
function samplesFor(n: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed >>> 0;
  for (let i = 0; i < n * 6; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push((x >>> 16) - 32768);
  }
  return out;
}

function packet(fields: Partial<PacketValue> & { samples: readonly number[] }): PacketValue {
  return {
    version: 1,
    seq: 0,
    tick: 0,
    accRangeCode: 2,
    gyrRangeCode: 4,
    rateCode: 1,
    fifoOverrun: false,
    ...fields,
  };
}

function validPacket(name: string, value: PacketValue, note?: string): Vector {
  const hex = toHex(encodePacket({ ...value, samples: Int16Array.from(value.samples) }));
  return { name, kind: 'packet', hex, expect: { ok: true, value }, ...(note ? { note } : {}) };
}

function invalid(kind: VectorKind, name: string, bytes: Uint8Array | number[], error: string, note?: string): Vector {
  const hex = toHex(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  return { name, kind, hex, expect: { ok: false, error }, ...(note ? { note } : {}) };
}

/** A valid n-sample packet's bytes, cut or zero-extended to `length`, then edited: for invalid vectors. */
function edited(n: number, edit: (b: Uint8Array) => void = () => {}, length?: number): Uint8Array {
  const valid = encodePacket({ ...packet({ samples: [] }), samples: Int16Array.from(samplesFor(n, 7)) });
  const out = new Uint8Array(length ?? valid.length);
  out.set(valid.subarray(0, out.length));
  edit(out);
  return out;
}

function packetVectors(): VectorFile {
  const v: Vector[] = [];
  v.push(validPacket('smallest-20-bytes', packet({ seq: 1, tick: 655, samples: samplesFor(1, 1) })));
  v.push(validPacket('typical-5-samples', packet({ seq: 812, tick: 1_966_080, samples: samplesFor(5, 2) })));
  v.push(validPacket('largest-236-bytes', packet({ seq: 40_000, tick: 123_456_789, samples: samplesFor(19, 3) })));
  v.push(validPacket('seq-65535', packet({ seq: 65535, tick: 10_000, samples: samplesFor(5, 4) })));
  v.push(
    validPacket(
      'seq-wrapped-to-0',
      packet({ seq: 0, tick: 10_000 + 1638, samples: samplesFor(5, 5) }),
      'follows seq-65535 with no loss: step (0 - 65535) mod 65536 = 1',
    ),
  );
  v.push(validPacket('tick-max', packet({ seq: 7, tick: 0xffffffff, samples: samplesFor(5, 6) })));
  v.push(
    validPacket(
      'tick-wrapped',
      packet({ seq: 8, tick: 1637, samples: samplesFor(5, 7) }),
      'follows tick-max at 100 Hz: (1637 - 4294967295) mod 2^32 = 1638 ticks = 5 samples of 327.68',
    ),
  );
  const extremes = Array.from({ length: 19 * 6 }, (_, i) => (i % 2 === 0 ? -32768 : 32767));
  v.push(validPacket('int16-extremes', packet({ seq: 9, tick: 1, samples: extremes })));
  v.push(validPacket('fifo-overrun', packet({ seq: 10, tick: 99_999, fifoOverrun: true, samples: samplesFor(3, 8) })));
  for (let code = 0; code < 4; code++) {
    v.push(
      validPacket(
        `acc-range-code-${code}`,
        packet({ accRangeCode: code, seq: 100 + code, samples: samplesFor(1, 10 + code) }),
      ),
    );
  }
  for (let code = 0; code < 5; code++) {
    v.push(
      validPacket(
        `gyr-range-code-${code}`,
        packet({ gyrRangeCode: code, seq: 200 + code, samples: samplesFor(1, 20 + code) }),
      ),
    );
  }
  for (let code = 0; code < 4; code++) {
    v.push(
      validPacket(`rate-code-${code}`, packet({ rateCode: code, seq: 300 + code, samples: samplesFor(2, 30 + code) })),
    );
  }
  v.push(
    validPacket(
      'all-flag-bits-set',
      packet({
        accRangeCode: 3,
        gyrRangeCode: 4,
        rateCode: 3,
        fifoOverrun: true,
        seq: 0x8001,
        tick: 0x80000000,
        samples: samplesFor(1, 40),
      }),
    ),
  );

  v.push(invalid('packet', 'empty', [], 'too-short'));
  v.push(invalid('packet', 'truncated-19-bytes', edited(1, undefined, 19), 'too-short'));
  v.push(invalid('packet', 'header-only', edited(1, undefined, 8), 'too-short'));
  for (const version of [0, 2, 7]) {
    v.push(
      invalid(
        'packet',
        `version-${version}`,
        edited(1, (b) => {
          b[0] = (version << 5) | 1;
        }),
        'unsupported-version',
      ),
    );
  }
  v.push(
    invalid(
      'packet',
      'version-2-short',
      edited(
        1,
        (b) => {
          b[0] = (2 << 5) | 1;
        },
        10,
      ),
      'unsupported-version',
      'version is checked before length: a later version may be shorter',
    ),
  );
  v.push(
    invalid(
      'packet',
      'sample-count-0',
      edited(1, (b) => {
        b[0] = 0x20;
      }),
      'bad-sample-count',
    ),
  );
  const twenty = edited(
    19,
    (b) => {
      b[0] = 0x20 | 20;
    },
    8 + 20 * 12,
  );
  v.push(invalid('packet', 'sample-count-20-248-bytes', twenty, 'bad-sample-count'));
  v.push(
    invalid(
      'packet',
      'sample-count-31',
      edited(19, (b) => {
        b[0] = 0x3f;
      }),
      'bad-sample-count',
    ),
  );
  v.push(
    invalid(
      'packet',
      'count-2-but-20-bytes',
      edited(1, (b) => {
        b[0] = 0x22;
      }),
      'length-mismatch',
    ),
  );
  v.push(invalid('packet', 'count-1-but-21-bytes', edited(1, undefined, 21), 'length-mismatch'));
  v.push(invalid('packet', 'count-19-but-235-bytes', edited(19, undefined, 235), 'length-mismatch'));
  v.push(invalid('packet', 'count-19-but-237-bytes', edited(19, undefined, 237), 'length-mismatch'));
  for (const code of [5, 6, 7]) {
    v.push(
      invalid(
        'packet',
        `gyr-range-code-${code}-reserved`,
        edited(1, (b) => {
          b[1] = (b[1] & ~0x1c) | (code << 2);
        }),
        'reserved-gyro-range',
      ),
    );
  }
  v.push(
    invalid(
      'packet',
      'count-0-and-reserved-gyro',
      edited(1, (b) => {
        b[0] = 0x20;
        b[1] = 0x1c;
      }),
      'bad-sample-count',
      'sample count is checked before the gyro code',
    ),
  );
  v.push(
    invalid(
      'packet',
      'length-mismatch-and-reserved-gyro',
      edited(
        2,
        (b) => {
          b[1] = 0x1c;
        },
        31,
      ),
      'length-mismatch',
      'length is checked before the gyro code',
    ),
  );
  return { description: 'IMU Data packets (SPEC.md § 3): hex → decoded packet or error code', vectors: v };
}

function request(name: string, value: ControlRequest): Vector {
  return { name, kind: 'control-request', hex: toHex(encodeControlRequest(value)), expect: { ok: true, value } };
}

function response(name: string, value: ControlResponse): Vector {
  return { name, kind: 'control-response', hex: toHex(encodeControlResponse(value)), expect: { ok: true, value } };
}

function controlVectors(): VectorFile {
  const v: Vector[] = [];
  v.push(request('start-streaming', { op: 'start-streaming' }));
  v.push(request('stop-streaming', { op: 'stop-streaming' }));
  for (let c = 0; c < 4; c++) v.push(request(`set-rate-${c}`, { op: 'set-rate', rateCode: c }));
  for (let c = 0; c < 4; c++) v.push(request(`set-acc-range-${c}`, { op: 'set-acc-range', accRangeCode: c }));
  for (let c = 0; c < 5; c++) v.push(request(`set-gyr-range-${c}`, { op: 'set-gyr-range', gyrRangeCode: c }));
  for (const location of LOCATIONS) v.push(request(`set-location-${location}`, { op: 'set-location', location }));
  v.push(request('set-location-clear', { op: 'set-location', location: null }));
  v.push(request('time-sync-zero', { op: 'time-sync', hostTimeUs: 0 }));
  v.push(request('time-sync-typical', { op: 'time-sync', hostTimeUs: 1_764_137_000_123_456 }));
  v.push(request('time-sync-max-safe', { op: 'time-sync', hostTimeUs: Number.MAX_SAFE_INTEGER }));
  for (const pattern of IDENTIFY_PATTERNS) {
    v.push(request(`identify-${pattern}`, { op: 'identify', pattern, repeat: 1, intensityPct: 0 }));
  }
  v.push(request('identify-limits', { op: 'identify', pattern: 'alert-double', repeat: 10, intensityPct: 100 }));
  v.push(request('set-protocol-version-1', { op: 'set-protocol-version', version: 1 }));
  v.push(request('set-protocol-version-7', { op: 'set-protocol-version', version: 7 }));

  const req = (name: string, bytes: number[], error: string, note?: string) =>
    v.push(invalid('control-request', name, bytes, error, note));
  req('request-empty', [], 'too-short');
  req('opcode-0x00', [0x00], 'unknown-opcode');
  req('opcode-0x0a', [0x0a, 0x01], 'unknown-opcode');
  req('opcode-0xff', [0xff], 'unknown-opcode');
  req('opcode-0x80-response-as-request', [0x80, 0x01, 0x01], 'unknown-opcode');
  req('start-with-parameter', [0x01, 0x00], 'length-mismatch');
  req('set-rate-without-parameter', [0x03], 'length-mismatch');
  req('set-rate-two-parameters', [0x03, 0x01, 0x01], 'length-mismatch');
  req('time-sync-8-bytes', [0x07, 1, 2, 3, 4, 5, 6, 7], 'length-mismatch');
  req('identify-3-bytes', [0x08, 0x01, 0x01], 'length-mismatch');
  req('set-rate-4', [0x03, 0x04], 'bad-parameter');
  req('set-acc-range-4', [0x04, 0x04], 'bad-parameter');
  req('set-gyr-range-5', [0x05, 0x05], 'bad-parameter');
  req('set-location-5', [0x06, 0x05], 'bad-parameter');
  req('set-location-0xfe', [0x06, 0xfe], 'bad-parameter');
  req('time-sync-2^53', [0x07, 0, 0, 0, 0, 0, 0, 0x20, 0], 'bad-parameter');
  req('time-sync-u64-max', [0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'bad-parameter');
  req('identify-pattern-5', [0x08, 0x05, 0x01, 0x00], 'bad-parameter');
  req('identify-repeat-0', [0x08, 0x01, 0x00, 0x00], 'bad-parameter');
  req('identify-repeat-11', [0x08, 0x01, 0x0b, 0x00], 'bad-parameter');
  req('identify-intensity-101', [0x08, 0x01, 0x01, 0x65], 'bad-parameter');
  req('set-protocol-version-0', [0x09, 0x00], 'bad-parameter');
  req('set-protocol-version-8', [0x09, 0x08], 'bad-parameter');
  req('set-rate-bad-length-and-value', [0x03, 0x09, 0x09], 'length-mismatch', 'length is checked before parameters');

  for (const [op, opcode] of Object.entries(CONTROL_OPCODES)) {
    if (op === 'time-sync') continue;
    v.push(response(`response-${op}-success`, { opcode, result: 'success' }));
  }
  for (const result of CONTROL_RESULTS) {
    if (result !== 'success') v.push(response(`response-set-rate-${result}`, { opcode: 0x03, result }));
  }
  v.push(
    response('response-time-sync', {
      opcode: 0x07,
      result: 'success',
      timeSync: { hostTimeUs: 1_764_137_000_123_456, sensorTick: 0xfffffffe },
    }),
  );
  v.push(
    response('response-time-sync-zero', {
      opcode: 0x07,
      result: 'success',
      timeSync: { hostTimeUs: 0, sensorTick: 0 },
    }),
  );
  v.push(response('response-time-sync-failed', { opcode: 0x07, result: 'operation-failed' }));
  v.push(response('response-unknown-opcode-0xa5', { opcode: 0xa5, result: 'opcode-not-supported' }));
  v.push(response('response-set-protocol-version-unsupported', { opcode: 0x09, result: 'version-not-supported' }));

  const res = (name: string, bytes: number[], error: string, note?: string) =>
    v.push(invalid('control-response', name, bytes, error, note));
  res('response-empty', [], 'too-short');
  res('response-1-byte', [0x80], 'too-short');
  res('response-2-bytes', [0x80, 0x01], 'too-short');
  res('response-not-0x80', [0x81, 0x01, 0x01], 'not-a-response');
  res('response-request-bytes', [0x01], 'not-a-response');
  res('response-result-0', [0x80, 0x01, 0x00], 'unknown-result');
  res('response-result-8', [0x80, 0x01, 0x08], 'unknown-result');
  res('response-result-0xff', [0x80, 0x07, 0xff], 'unknown-result');
  res('response-unknown-opcode-success', [0x80, 0x42, 0x01], 'unknown-opcode');
  res('response-success-4-bytes', [0x80, 0x01, 0x01, 0x00], 'length-mismatch');
  res('response-time-sync-success-3-bytes', [0x80, 0x07, 0x01], 'length-mismatch');
  res(
    'response-time-sync-failed-15-bytes',
    [0x80, 0x07, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    'length-mismatch',
    'only a successful time-sync carries parameters',
  );
  res('response-time-sync-14-bytes', [0x80, 0x07, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'length-mismatch');
  res('response-time-sync-host-time-2^53', [0x80, 0x07, 0x01, 0, 0, 0, 0, 0, 0, 0x20, 0, 1, 2, 3, 4], 'bad-parameter');
  return {
    description: 'Control Point requests and indications (SPEC.md § 4): hex → decoded value or error code',
    vectors: v,
  };
}

function statusVectors(): VectorFile {
  const v: Vector[] = [];
  const base: DeviceStatus = {
    location: 'waist',
    rateCode: 1,
    accRangeCode: 2,
    gyrRangeCode: 4,
    streaming: true,
    calibrated: true,
    lowBattery: false,
    fifoOverrun: false,
    batteryPct: 87,
  };
  const status = (name: string, value: DeviceStatus) =>
    v.push({ name, kind: 'status', hex: toHex(encodeStatus(value)), expect: { ok: true, value } });
  status('status-typical', base);
  for (const location of LOCATIONS) status(`status-location-${location}`, { ...base, location });
  status('status-location-not-set', { ...base, location: null });
  status('status-battery-unknown', { ...base, batteryPct: null });
  status('status-battery-0', { ...base, batteryPct: 0, lowBattery: true });
  status('status-battery-100', { ...base, batteryPct: 100 });
  status('status-idle-uncalibrated', { ...base, streaming: false, calibrated: false });
  status('status-fifo-overrun', { ...base, fifoOverrun: true });
  status('status-all-max-codes', { ...base, rateCode: 3, accRangeCode: 3, gyrRangeCode: 4 });
  status('status-all-zero-codes', { ...base, rateCode: 0, accRangeCode: 0, gyrRangeCode: 0 });
  const bad = (name: string, bytes: number[], error: string) => v.push(invalid('status', name, bytes, error));
  bad('status-empty', [], 'length-mismatch');
  bad('status-3-bytes', [0x02, 0x32, 0x03], 'length-mismatch');
  bad('status-5-bytes', [0x02, 0x32, 0x03, 0x57, 0x00], 'length-mismatch');
  bad('status-location-5', [0x05, 0x32, 0x03, 0x57], 'bad-location');
  bad('status-location-0xfe', [0xfe, 0x32, 0x03, 0x57], 'bad-location');
  bad('status-gyro-code-5', [0x02, 0x16, 0x03, 0x57], 'reserved-gyro-range');
  bad('status-gyro-code-7', [0x02, 0x1c, 0x03, 0x57], 'reserved-gyro-range');
  bad('status-battery-101', [0x02, 0x32, 0x03, 0x65], 'bad-battery');
  bad('status-battery-0xfe', [0x02, 0x32, 0x03, 0xfe], 'bad-battery');
  bad('status-bad-location-and-battery', [0x09, 0x32, 0x03, 0xfe], 'bad-location');

  const info = (name: string, value: ProtocolInfo) =>
    v.push({ name, kind: 'protocol-info', hex: toHex(encodeProtocolInfo(value)), expect: { ok: true, value } });
  info('protocol-info-v1-only', { activeVersion: 1, supportedVersions: [1] });
  info('protocol-info-v1-of-1-2', { activeVersion: 1, supportedVersions: [1, 2] });
  info('protocol-info-v3-of-1-3', { activeVersion: 3, supportedVersions: [1, 3] });
  info('protocol-info-v7-only', { activeVersion: 7, supportedVersions: [7] });
  const badInfo = (name: string, bytes: number[], error: string) =>
    v.push(invalid('protocol-info', name, bytes, error));
  badInfo('protocol-info-1-byte', [0x01], 'length-mismatch');
  badInfo('protocol-info-3-bytes', [0x01, 0x02, 0x00], 'length-mismatch');
  badInfo('protocol-info-active-0', [0x00, 0x02], 'bad-version-info');
  badInfo('protocol-info-active-not-in-mask', [0x02, 0x02], 'bad-version-info');
  badInfo('protocol-info-bit-0-set', [0x01, 0x03], 'bad-version-info');
  badInfo('protocol-info-active-8', [0x08, 0xfe], 'bad-version-info');
  return { description: 'Status and Protocol Info characteristics (SPEC.md § 5, § 6)', vectors: v };
}

/** The generated files, by file name. */
export function buildVectors(): Record<string, VectorFile> {
  return { 'packets.json': packetVectors(), 'control.json': controlVectors(), 'status.json': statusVectors() };
}

export function readVectorFile(name: string): VectorFile {
  return JSON.parse(readFileSync(join(VECTOR_DIR, name), 'utf8')) as VectorFile;
}

export const VECTOR_FILES = ['hand-written.json', 'packets.json', 'control.json', 'status.json'] as const;

/**
 * One line per vector for the C host test: `kind name hex ok key=value...` or
 * `kind name hex error code`, hex "-" when empty; all values are integers (codes, not names).
 */
export function toLines(files: readonly VectorFile[]): string {
  const lines = ['# generated by firmware-protocol/vectors/generate.ts from the *.json vectors; do not edit'];
  for (const file of files) {
    for (const vec of file.vectors) {
      const hex = vec.hex.replace(/\s+/g, '');
      const head = `${vec.kind} ${vec.name} ${hex === '' ? '-' : hex}`;
      if (!vec.expect.ok) {
        lines.push(`${head} error ${vec.expect.error}`);
        continue;
      }
      const rt = vec.roundTrip === false ? ' roundtrip=0' : '';
      lines.push(`${head} ok${rt} ${fields(vec.kind, vec.expect.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const locCode = (loc: string | null) => (loc === null ? 255 : LOCATIONS.indexOf(loc as (typeof LOCATIONS)[number]));
const bit = (b: boolean) => (b ? 1 : 0);

function fields(kind: VectorKind, value: VectorValue): string {
  switch (kind) {
    case 'packet': {
      const p = value as PacketValue;
      return `version=${p.version} n=${p.samples.length / 6} acc=${p.accRangeCode} gyr=${p.gyrRangeCode} rate=${p.rateCode} overrun=${bit(p.fifoOverrun)} seq=${p.seq} tick=${p.tick} samples=${p.samples.join(',')}`;
    }
    case 'control-request': {
      const r = value as ControlRequest;
      const op = `op=${CONTROL_OPCODES[r.op]}`;
      switch (r.op) {
        case 'start-streaming':
        case 'stop-streaming':
          return op;
        case 'set-rate':
          return `${op} code=${r.rateCode}`;
        case 'set-acc-range':
          return `${op} code=${r.accRangeCode}`;
        case 'set-gyr-range':
          return `${op} code=${r.gyrRangeCode}`;
        case 'set-location':
          return `${op} code=${locCode(r.location)}`;
        case 'time-sync':
          return `${op} host_time=${r.hostTimeUs}`;
        case 'identify':
          return `${op} pattern=${IDENTIFY_PATTERNS.indexOf(r.pattern)} repeat=${r.repeat} intensity=${r.intensityPct}`;
        case 'set-protocol-version':
          return `${op} code=${r.version}`;
      }
      break;
    }
    case 'control-response': {
      const r = value as ControlResponse;
      const head = `opcode=${r.opcode} result=${CONTROL_RESULTS.indexOf(r.result) + 1}`;
      return r.timeSync ? `${head} host_time=${r.timeSync.hostTimeUs} sensor_tick=${r.timeSync.sensorTick}` : head;
    }
    case 'status': {
      const s = value as DeviceStatus;
      return `location=${locCode(s.location)} rate=${s.rateCode} acc=${s.accRangeCode} gyr=${s.gyrRangeCode} streaming=${bit(s.streaming)} calibrated=${bit(s.calibrated)} low_battery=${bit(s.lowBattery)} overrun=${bit(s.fifoOverrun)} battery=${s.batteryPct ?? 255}`;
    }
    case 'protocol-info': {
      const i = value as ProtocolInfo;
      return `active=${i.activeVersion} mask=${i.supportedVersions.reduce((m, v) => m | (1 << v), 0)}`;
    }
  }
  throw new Error(`unknown vector kind ${kind}`);
}

function main(): void {
  const files = buildVectors();
  for (const [name, file] of Object.entries(files)) {
    writeFileSync(join(VECTOR_DIR, name), `${JSON.stringify(file, null, 2)}\n`);
  }
  const all = VECTOR_FILES.map((name) => files[name] ?? readVectorFile(name));
  writeFileSync(join(VECTOR_DIR, 'vectors.txt'), toLines(all));
  const root = resolve(VECTOR_DIR, '../..');
  execFileSync('npx', ['biome', 'format', '--write', ...Object.keys(files).map((f) => join(VECTOR_DIR, f))], {
    cwd: root,
    stdio: 'inherit',
  });
  const count = all.reduce((n, f) => n + f.vectors.length, 0);
  process.stdout.write(`wrote ${count} vectors to ${VECTOR_DIR}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
