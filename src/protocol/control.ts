/**
 * Control Point, protocol v1 (firmware-protocol/SPEC.md § 4): requests the host writes and the
 * indications the sensor answers with. Both directions are here because the simulator plays
 * the sensor side through the same codec. Decoders never throw; encoders throw RangeError only
 * on a programming error (a value the caller should never have built).
 */
import { LOCATIONS, type Location } from '../domain/sensors.ts';
import { ACC_RANGES_G, GYR_RANGES_DPS, RATES_HZ } from './packet.ts';

export const CONTROL_OPCODES = {
  'start-streaming': 0x01,
  'stop-streaming': 0x02,
  'set-rate': 0x03,
  'set-acc-range': 0x04,
  'set-gyr-range': 0x05,
  'set-location': 0x06,
  'time-sync': 0x07,
  identify: 0x08,
  'set-protocol-version': 0x09,
} as const;
export type ControlOp = keyof typeof CONTROL_OPCODES;

/** Request length in bytes, opcode included (SPEC § 4.1). */
const REQUEST_BYTES: Readonly<Record<ControlOp, number>> = {
  'start-streaming': 1,
  'stop-streaming': 1,
  'set-rate': 2,
  'set-acc-range': 2,
  'set-gyr-range': 2,
  'set-location': 2,
  'time-sync': 9,
  identify: 4,
  'set-protocol-version': 2,
};

const OP_BY_CODE: ReadonlyMap<number, ControlOp> = new Map(
  Object.entries(CONTROL_OPCODES).map(([op, code]) => [code, op as ControlOp]),
);

/** First byte of every Control Point indication. */
export const RESPONSE_CODE = 0x80;
/** Result codes 1..7, in code order (SPEC § 4.3). */
export const CONTROL_RESULTS = [
  'success',
  'opcode-not-supported',
  'invalid-parameter',
  'invalid-length',
  'not-permitted-while-streaming',
  'operation-failed',
  'version-not-supported',
] as const;
export type ControlResult = (typeof CONTROL_RESULTS)[number];

/** Identify / haptic pattern codes 0..4 (SPEC § 4.5). */
export const IDENTIFY_PATTERNS = ['stop', 'identify', 'alert-short', 'alert-double', 'alert-long'] as const;
export type IdentifyPattern = (typeof IDENTIFY_PATTERNS)[number];

/** Location code for "not set"; other codes index LOCATIONS (SPEC § 4.4). */
export const LOCATION_NOT_SET = 0xff;
export const MAX_IDENTIFY_REPEAT = 10;
/** Host times must stay exact in a JavaScript number (SPEC § 4.1, TIME_SYNC). */
export const MAX_HOST_TIME_US = Number.MAX_SAFE_INTEGER;
const TIME_SYNC_RESPONSE_BYTES = 15;
const PLAIN_RESPONSE_BYTES = 3;

export type ControlRequest =
  | { readonly op: 'start-streaming' }
  | { readonly op: 'stop-streaming' }
  | { readonly op: 'set-rate'; readonly rateCode: number }
  | { readonly op: 'set-acc-range'; readonly accRangeCode: number }
  | { readonly op: 'set-gyr-range'; readonly gyrRangeCode: number }
  /** null clears the stored location. */
  | { readonly op: 'set-location'; readonly location: Location | null }
  | { readonly op: 'time-sync'; readonly hostTimeUs: number }
  | {
      readonly op: 'identify';
      readonly pattern: IdentifyPattern;
      /** 1..10 */
      readonly repeat: number;
      /** 0..100 %, 0 = the sensor's default. */
      readonly intensityPct: number;
    }
  | { readonly op: 'set-protocol-version'; readonly version: number };

export interface TimeSyncReply {
  /** The host time of the request, echoed, µs. */
  readonly hostTimeUs: number;
  /** Sensor tick latched when the request arrived (packet tick clock). */
  readonly sensorTick: number;
}

export interface ControlResponse {
  /** The request opcode the sensor echoes, also one this host does not know. */
  readonly opcode: number;
  readonly result: ControlResult;
  /** Present exactly for a successful TIME_SYNC. */
  readonly timeSync?: TimeSyncReply;
}

export type ControlErrorCode =
  | 'too-short'
  | 'unknown-opcode'
  | 'length-mismatch'
  | 'bad-parameter'
  | 'not-a-response'
  | 'unknown-result';

export interface ControlError {
  readonly code: ControlErrorCode;
  readonly message: string;
  /** The opcode byte, when there was one: the sensor side echoes it in its rejection. */
  readonly opcode?: number;
}

export type ControlRequestDecode =
  | { readonly ok: true; readonly request: ControlRequest }
  | { readonly ok: false; readonly error: ControlError };
export type ControlResponseDecode =
  | { readonly ok: true; readonly response: ControlResponse }
  | { readonly ok: false; readonly error: ControlError };

/** The opcode's name, or undefined for an opcode protocol v1 does not define. */
export function controlOpName(opcode: number): ControlOp | undefined {
  return OP_BY_CODE.get(opcode);
}

function requestError(code: ControlErrorCode, message: string, opcode?: number): ControlRequestDecode {
  return { ok: false, error: { code, message, opcode } };
}

function responseError(code: ControlErrorCode, message: string, opcode?: number): ControlResponseDecode {
  return { ok: false, error: { code, message, opcode } };
}

function readU32(bytes: Uint8Array, o: number): number {
  return (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
}

function writeU32(bytes: Uint8Array, o: number, value: number): void {
  bytes[o] = value & 0xff;
  bytes[o + 1] = (value >>> 8) & 0xff;
  bytes[o + 2] = (value >>> 16) & 0xff;
  bytes[o + 3] = (value >>> 24) & 0xff;
}

/** u64 LE → number, or undefined when it is not exact in a double (≥ 2^53). */
function readHostTime(bytes: Uint8Array, o: number): number | undefined {
  const hi = readU32(bytes, o + 4);
  if (hi > 0x1fffff) return undefined;
  return hi * 2 ** 32 + readU32(bytes, o);
}

function writeHostTime(bytes: Uint8Array, o: number, us: number): void {
  if (!Number.isSafeInteger(us) || us < 0) throw new RangeError(`host time ${us} µs is not an integer in 0..2^53-1`);
  writeU32(bytes, o, us % 2 ** 32);
  writeU32(bytes, o + 4, Math.floor(us / 2 ** 32));
}

/** Decodes a Control Point write, in the check order of SPEC § 4.2 (what the sensor does). */
export function decodeControlRequest(bytes: Uint8Array): ControlRequestDecode {
  if (bytes.length < 1) return requestError('too-short', 'control request is empty; it needs at least an opcode');
  const opcode = bytes[0];
  const op = OP_BY_CODE.get(opcode);
  if (op === undefined) {
    return requestError('unknown-opcode', `control opcode 0x${hex(opcode)} is not defined in protocol v1`, opcode);
  }
  const expected = REQUEST_BYTES[op];
  if (bytes.length !== expected) {
    return requestError('length-mismatch', `${op} request must be ${expected} bytes, got ${bytes.length}`, opcode);
  }
  const p = bytes[1];
  const badParam = (what: string) => requestError('bad-parameter', `${op}: ${what}`, opcode);
  switch (op) {
    case 'start-streaming':
    case 'stop-streaming':
      return { ok: true, request: { op } };
    case 'set-rate':
      if (p >= RATES_HZ.length) return badParam(`rate code ${p}, valid 0..${RATES_HZ.length - 1}`);
      return { ok: true, request: { op, rateCode: p } };
    case 'set-acc-range':
      if (p >= ACC_RANGES_G.length) return badParam(`accel range code ${p}, valid 0..${ACC_RANGES_G.length - 1}`);
      return { ok: true, request: { op, accRangeCode: p } };
    case 'set-gyr-range':
      if (p >= GYR_RANGES_DPS.length) return badParam(`gyro range code ${p}, valid 0..${GYR_RANGES_DPS.length - 1}`);
      return { ok: true, request: { op, gyrRangeCode: p } };
    case 'set-location': {
      if (p === LOCATION_NOT_SET) return { ok: true, request: { op, location: null } };
      if (p >= LOCATIONS.length) return badParam(`location code ${p}, valid 0..${LOCATIONS.length - 1} or 0xff`);
      return { ok: true, request: { op, location: LOCATIONS[p] } };
    }
    case 'time-sync': {
      const hostTimeUs = readHostTime(bytes, 1);
      if (hostTimeUs === undefined) return badParam('host time is 2^53 µs or more; it must be below 2^53');
      return { ok: true, request: { op, hostTimeUs } };
    }
    case 'identify': {
      const [, pattern, repeat, intensityPct] = bytes;
      if (pattern >= IDENTIFY_PATTERNS.length) {
        return badParam(`pattern ${pattern}, valid 0..${IDENTIFY_PATTERNS.length - 1}`);
      }
      if (repeat < 1 || repeat > MAX_IDENTIFY_REPEAT)
        return badParam(`repeat ${repeat}, valid 1..${MAX_IDENTIFY_REPEAT}`);
      if (intensityPct > 100) return badParam(`intensity ${intensityPct} %, valid 0..100`);
      return { ok: true, request: { op, pattern: IDENTIFY_PATTERNS[pattern], repeat, intensityPct } };
    }
    case 'set-protocol-version':
      if (p < 1 || p > 7) return badParam(`version ${p}, the version field holds 1..7`);
      return { ok: true, request: { op, version: p } };
  }
}

function checkCode(what: string, value: number, count: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    throw new RangeError(`${what} ${value} out of range 0..${count - 1}`);
  }
  return value;
}

/** Encodes a request the host writes to the Control Point. */
export function encodeControlRequest(request: ControlRequest): Uint8Array {
  const bytes = new Uint8Array(REQUEST_BYTES[request.op]);
  bytes[0] = CONTROL_OPCODES[request.op];
  switch (request.op) {
    case 'start-streaming':
    case 'stop-streaming':
      break;
    case 'set-rate':
      bytes[1] = checkCode('rate code', request.rateCode, RATES_HZ.length);
      break;
    case 'set-acc-range':
      bytes[1] = checkCode('accel range code', request.accRangeCode, ACC_RANGES_G.length);
      break;
    case 'set-gyr-range':
      bytes[1] = checkCode('gyro range code', request.gyrRangeCode, GYR_RANGES_DPS.length);
      break;
    case 'set-location':
      bytes[1] = request.location === null ? LOCATION_NOT_SET : locationCode(request.location);
      break;
    case 'time-sync':
      writeHostTime(bytes, 1, request.hostTimeUs);
      break;
    case 'identify':
      bytes[1] = checkCode('identify pattern', IDENTIFY_PATTERNS.indexOf(request.pattern), IDENTIFY_PATTERNS.length);
      bytes[2] = checkCode('identify repeat - 1', request.repeat - 1, MAX_IDENTIFY_REPEAT) + 1;
      bytes[3] = checkCode('identify intensity %', request.intensityPct, 101);
      break;
    case 'set-protocol-version':
      bytes[1] = checkCode('protocol version - 1', request.version - 1, 7) + 1;
      break;
  }
  return bytes;
}

export function locationCode(location: Location): number {
  const code = LOCATIONS.indexOf(location);
  if (code < 0) throw new RangeError(`unknown location ${String(location)}`);
  return code;
}

/** Decodes a Control Point indication, in the check order of SPEC § 8. */
export function decodeControlResponse(bytes: Uint8Array): ControlResponseDecode {
  if (bytes.length < 1) return responseError('too-short', 'control response is empty');
  if (bytes[0] !== RESPONSE_CODE) {
    return responseError('not-a-response', `control response starts with 0x${hex(bytes[0])}, expected 0x80`);
  }
  if (bytes.length < PLAIN_RESPONSE_BYTES) {
    return responseError('too-short', `control response has ${bytes.length} bytes, at least 3 needed`);
  }
  const opcode = bytes[1];
  const resultCode = bytes[2];
  if (resultCode < 1 || resultCode > CONTROL_RESULTS.length) {
    return responseError('unknown-result', `result code 0x${hex(resultCode)} is not defined (1..7)`, opcode);
  }
  const result = CONTROL_RESULTS[resultCode - 1];
  const op = OP_BY_CODE.get(opcode);
  if (op === undefined && result !== 'opcode-not-supported') {
    return responseError(
      'unknown-opcode',
      `response to opcode 0x${hex(opcode)}, which protocol v1 does not define, with result ${result}`,
      opcode,
    );
  }
  const isTimeSync = op === 'time-sync' && result === 'success';
  const expected = isTimeSync ? TIME_SYNC_RESPONSE_BYTES : PLAIN_RESPONSE_BYTES;
  if (bytes.length !== expected) {
    return responseError(
      'length-mismatch',
      `response to ${op ?? `0x${hex(opcode)}`} (${result}) must be ${expected} bytes, got ${bytes.length}`,
      opcode,
    );
  }
  if (!isTimeSync) return { ok: true, response: { opcode, result } };
  const hostTimeUs = readHostTime(bytes, 3);
  if (hostTimeUs === undefined) {
    return responseError(
      'bad-parameter',
      'time-sync response echoes a host time ≥ 2^53 µs, which no host sent',
      opcode,
    );
  }
  return { ok: true, response: { opcode, result, timeSync: { hostTimeUs, sensorTick: readU32(bytes, 11) } } };
}

/** Encodes the indication a sensor sends (used by the simulator and the test vectors). */
export function encodeControlResponse(response: ControlResponse): Uint8Array {
  const resultCode = CONTROL_RESULTS.indexOf(response.result) + 1;
  if (resultCode < 1) throw new RangeError(`unknown result ${String(response.result)}`);
  checkCode('opcode', response.opcode, 256);
  const isTimeSync = response.opcode === CONTROL_OPCODES['time-sync'] && response.result === 'success';
  if (isTimeSync !== (response.timeSync !== undefined)) {
    throw new RangeError('timeSync must be given exactly for a successful time-sync response');
  }
  const bytes = new Uint8Array(isTimeSync ? TIME_SYNC_RESPONSE_BYTES : PLAIN_RESPONSE_BYTES);
  bytes[0] = RESPONSE_CODE;
  bytes[1] = response.opcode;
  bytes[2] = resultCode;
  if (response.timeSync) {
    writeHostTime(bytes, 3, response.timeSync.hostTimeUs);
    writeU32(bytes, 11, checkCode('sensor tick', response.timeSync.sensorTick, 2 ** 32));
  }
  return bytes;
}

/**
 * The result a sensor answers a request that failed to decode with, or undefined for an empty
 * write, which is refused at ATT level (0x0D) and gets no indication (SPEC § 4).
 */
export function rejectionResult(error: ControlError): ControlResult | undefined {
  switch (error.code) {
    case 'unknown-opcode':
      return 'opcode-not-supported';
    case 'length-mismatch':
      return 'invalid-length';
    case 'bad-parameter':
      return 'invalid-parameter';
    default:
      return undefined;
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
