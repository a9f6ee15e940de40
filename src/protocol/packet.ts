/**
 * IMU data packet, protocol v1 (firmware-protocol/SPEC.md is the normative text).
 *
 * byte 0      bits 7..5 protocol version (1), bits 4..0 sample count N (1..19)
 * byte 1      bits 1..0 accel range code, bits 4..2 gyro range code,
 *             bits 6..5 rate code, bit 7 FIFO overrun
 * bytes 2..3  sequence number, uint16 LE, wraps 65535 → 0
 * bytes 4..7  sensor tick of the first sample, uint32 LE, TICK_HZ ticks per second, wraps
 * then N samples of 6 × int16 LE: ax ay az gx gy gz
 *
 * 8 + 12·N bytes: N = 1 fits the 20-byte default ATT payload, N = 19 fits 244 bytes (DLE).
 */

export const PROTOCOL_VERSION = 1;
export const HEADER_BYTES = 8;
export const SAMPLE_BYTES = 12;
export const MAX_SAMPLES = 19;
/** Sensor tick rate: the 32.768 kHz RTC every BLE SoC has. */
export const TICK_HZ = 32768;

/** Accelerometer full-scale ranges in g, indexed by range code. */
export const ACC_RANGES_G = [2, 4, 8, 16] as const;
/** Gyroscope full-scale ranges in deg/s, indexed by range code (5..7 reserved). */
export const GYR_RANGES_DPS = [125, 250, 500, 1000, 2000] as const;
/** Sampling rates in Hz, indexed by rate code. */
export const RATES_HZ = [50, 100, 200, 400] as const;

export const STANDARD_GRAVITY = 9.80665;

export interface ImuPacket {
  readonly version: number;
  readonly seq: number;
  readonly tick: number;
  readonly accRangeCode: number;
  readonly gyrRangeCode: number;
  readonly rateCode: number;
  readonly fifoOverrun: boolean;
  /** 6 int16 per sample: ax ay az gx gy gz. */
  readonly samples: Int16Array;
}

export type PacketErrorCode =
  | 'too-short'
  | 'unsupported-version'
  | 'bad-sample-count'
  | 'length-mismatch'
  | 'reserved-gyro-range';

export interface PacketError {
  readonly code: PacketErrorCode;
  readonly message: string;
}

export type DecodeResult =
  | { readonly ok: true; readonly packet: ImuPacket }
  | { readonly ok: false; readonly error: PacketError };

/** m/s² per LSB for an accelerometer range code. */
export function accScale(code: number): number {
  return (ACC_RANGES_G[code] * STANDARD_GRAVITY) / 32768;
}

/** rad/s per LSB for a gyroscope range code. */
export function gyrScale(code: number): number {
  return (GYR_RANGES_DPS[code] * Math.PI) / 180 / 32768;
}

export function sampleCount(packet: ImuPacket): number {
  return packet.samples.length / 6;
}

function fail(code: PacketErrorCode, message: string): DecodeResult {
  return { ok: false, error: { code, message } };
}

/** Smallest valid packet: header + one sample, the 20-byte default ATT payload. */
export const MIN_PACKET_BYTES = HEADER_BYTES + SAMPLE_BYTES;
/** Largest valid packet: header + 19 samples = 236 bytes, within the 244-byte DLE payload. */
export const MAX_PACKET_BYTES = HEADER_BYTES + MAX_SAMPLES * SAMPLE_BYTES;

/**
 * Decodes one notification. Never throws: corrupt input becomes an error result. Checks run in
 * the order SPEC.md § 3.5 fixes (version before length: a later version may be shorter).
 * Direct byte arithmetic instead of a DataView per call: it runs for every notification of every
 * sensor, and on the short packets a live link sends the DataView's allocation was a third of the
 * cost (bench/protocol.bench.ts: ~1.5× faster on 5-sample packets, the same on 19-sample ones).
 */
export function decodePacket(bytes: Uint8Array): DecodeResult {
  const length = bytes.length;
  if (length < 1) return fail('too-short', 'packet is empty; a sensor must send at least one sample per packet');
  const b0 = bytes[0];
  const version = b0 >> 5;
  if (version !== PROTOCOL_VERSION) {
    return fail(
      'unsupported-version',
      `packet version ${version}, this receiver speaks version ${PROTOCOL_VERSION}: ask the sensor for version ${PROTOCOL_VERSION} (SET_PROTOCOL_VERSION) or update gaitd`,
    );
  }
  if (length < MIN_PACKET_BYTES) {
    return fail('too-short', `packet has ${length} bytes, at least ${MIN_PACKET_BYTES} needed`);
  }
  const n = b0 & 0x1f;
  if (n < 1 || n > MAX_SAMPLES) {
    return fail('bad-sample-count', `sample count ${n}, must be 1..${MAX_SAMPLES}`);
  }
  const expected = HEADER_BYTES + n * SAMPLE_BYTES;
  if (length !== expected) {
    return fail('length-mismatch', `packet declares ${n} samples (${expected} bytes) but has ${length} bytes`);
  }
  const flags = bytes[1];
  const gyrRangeCode = (flags >> 2) & 0x07;
  if (gyrRangeCode >= GYR_RANGES_DPS.length) {
    return fail(
      'reserved-gyro-range',
      `gyro range code ${gyrRangeCode} is reserved (valid: 0..${GYR_RANGES_DPS.length - 1})`,
    );
  }
  const values = n * 6;
  const samples = new Int16Array(values);
  // Int16Array stores modulo 2^16, so an unsigned 16-bit value lands as its two's-complement int16.
  for (let i = 0, o = HEADER_BYTES; i < values; i++, o += 2) samples[i] = bytes[o] | (bytes[o + 1] << 8);
  return {
    ok: true,
    packet: {
      version,
      seq: bytes[2] | (bytes[3] << 8),
      tick: (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0,
      accRangeCode: flags & 0x03,
      gyrRangeCode,
      rateCode: (flags >> 5) & 0x03,
      fifoOverrun: (flags & 0x80) !== 0,
      samples,
    },
  };
}

/** Encodes a packet; throws on a programming error (out-of-range header fields). */
export function encodePacket(packet: ImuPacket): Uint8Array {
  const n = packet.samples.length / 6;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) {
    throw new RangeError(`encodePacket: ${packet.samples.length} values is not 1..${MAX_SAMPLES} samples of 6`);
  }
  const codeOk = (code: number, count: number) => Number.isInteger(code) && code >= 0 && code < count;
  if (
    !codeOk(packet.accRangeCode, ACC_RANGES_G.length) ||
    !codeOk(packet.gyrRangeCode, GYR_RANGES_DPS.length) ||
    !codeOk(packet.rateCode, RATES_HZ.length)
  ) {
    throw new RangeError(
      `encodePacket: codes acc ${packet.accRangeCode}, gyro ${packet.gyrRangeCode}, rate ${packet.rateCode} out of range`,
    );
  }
  const bytes = new Uint8Array(HEADER_BYTES + n * SAMPLE_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = (PROTOCOL_VERSION << 5) | n;
  bytes[1] =
    (packet.accRangeCode & 0x03) |
    ((packet.gyrRangeCode & 0x07) << 2) |
    ((packet.rateCode & 0x03) << 5) |
    (packet.fifoOverrun ? 0x80 : 0);
  view.setUint16(2, packet.seq & 0xffff, true);
  view.setUint32(4, packet.tick >>> 0, true);
  for (let i = 0; i < packet.samples.length; i++) view.setInt16(HEADER_BYTES + 2 * i, packet.samples[i], true);
  return bytes;
}
