import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_OPCODES,
  CONTROL_RESULTS,
  type ControlRequest,
  type ControlResponse,
  decodeControlRequest,
  decodeControlResponse,
  encodeControlRequest,
  encodeControlResponse,
  IDENTIFY_PATTERNS,
} from '../../src/protocol/control.ts';
import {
  type DeviceStatus,
  decodeProtocolInfo,
  decodeStatus,
  encodeProtocolInfo,
  encodeStatus,
} from '../../src/protocol/status.ts';
import { LOCATIONS } from '../../src/sensors/types.ts';

function check(ok: boolean, what: string, bytes: Uint8Array): void {
  if (!ok) throw new Error(`${what} for bytes ${Buffer.from(bytes).toString('hex')}`);
}

const REQUEST_ERRORS = new Set(['too-short', 'unknown-opcode', 'length-mismatch', 'bad-parameter']);
const RESPONSE_ERRORS = new Set([
  'too-short',
  'unknown-opcode',
  'length-mismatch',
  'bad-parameter',
  'not-a-response',
  'unknown-result',
]);
const STATUS_ERRORS = new Set(['length-mismatch', 'bad-location', 'reserved-gyro-range', 'bad-battery']);
const byte = (max = 255) => fc.integer({ min: 0, max });

const validRequest: fc.Arbitrary<ControlRequest> = fc.oneof(
  fc.constant({ op: 'start-streaming' as const }),
  fc.constant({ op: 'stop-streaming' as const }),
  byte(3).map((rateCode) => ({ op: 'set-rate' as const, rateCode })),
  byte(3).map((accRangeCode) => ({ op: 'set-acc-range' as const, accRangeCode })),
  byte(4).map((gyrRangeCode) => ({ op: 'set-gyr-range' as const, gyrRangeCode })),
  fc.constantFrom(null, ...LOCATIONS).map((location) => ({ op: 'set-location' as const, location })),
  fc.maxSafeNat().map((hostTimeUs) => ({ op: 'time-sync' as const, hostTimeUs })),
  fc
    .record({
      pattern: fc.constantFrom(...IDENTIFY_PATTERNS),
      repeat: fc.integer({ min: 1, max: 10 }),
      intensityPct: byte(100),
    })
    .map((r) => ({ op: 'identify' as const, ...r })),
  fc.integer({ min: 1, max: 7 }).map((version) => ({ op: 'set-protocol-version' as const, version })),
);

const validResponse: fc.Arbitrary<ControlResponse> = fc.oneof(
  fc
    .record({ opcode: fc.constantFrom(...Object.values(CONTROL_OPCODES)), result: fc.constantFrom(...CONTROL_RESULTS) })
    .filter((r) => !(r.opcode === 0x07 && r.result === 'success')),
  fc.record({ opcode: byte(), result: fc.constant('opcode-not-supported' as const) }),
  fc
    .record({ hostTimeUs: fc.maxSafeNat(), sensorTick: fc.integer({ min: 0, max: 0xffffffff }) })
    .map((timeSync) => ({ opcode: 0x07, result: 'success' as const, timeSync })),
);

const validStatus: fc.Arbitrary<DeviceStatus> = fc.record({
  location: fc.constantFrom(null, ...LOCATIONS),
  rateCode: byte(3),
  accRangeCode: byte(3),
  gyrRangeCode: byte(4),
  streaming: fc.boolean(),
  calibrated: fc.boolean(),
  lowBattery: fc.boolean(),
  fifoOverrun: fc.boolean(),
  batteryPct: fc.option(byte(100), { nil: null }),
});

/** Random bytes with a valid opcode in front half the time, so decoding gets past the first check. */
const requestBytes = fc
  .tuple(fc.uint8Array({ maxLength: 12 }), fc.constantFrom(...Object.values(CONTROL_OPCODES)), fc.boolean())
  .map(([bytes, opcode, force]) => {
    if (force && bytes.length > 0) bytes[0] = opcode;
    return bytes;
  });
const responseBytes = fc.tuple(fc.uint8Array({ maxLength: 18 }), fc.boolean()).map(([bytes, force]) => {
  if (force && bytes.length > 0) bytes[0] = 0x80;
  return bytes;
});

describe('control point codec properties', () => {
  it('every valid request survives encode → decode unchanged', () => {
    fc.assert(
      fc.property(validRequest, (req) => {
        const r = decodeControlRequest(encodeControlRequest(req));
        expect(r).toEqual({ ok: true, request: req });
      }),
      { numRuns: 2_000 },
    );
  });

  it('every valid response survives encode → decode unchanged', () => {
    fc.assert(
      fc.property(validResponse, (res) => {
        const r = decodeControlResponse(encodeControlResponse(res));
        expect(r).toEqual({ ok: true, response: res });
      }),
      { numRuns: 2_000 },
    );
  });

  it('random request bytes never throw; what decodes re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(requestBytes, (bytes) => {
        const r = decodeControlRequest(bytes);
        if (!r.ok) {
          check(REQUEST_ERRORS.has(r.error.code) && r.error.message.length > 0, `bad error ${r.error.code}`, bytes);
          if (bytes.length > 0) check(r.error.opcode === bytes[0], 'error does not carry the opcode', bytes);
          return;
        }
        check(Buffer.from(encodeControlRequest(r.request)).equals(bytes), 'decode is not the inverse of encode', bytes);
      }),
      { numRuns: 15_000 },
    );
  });

  it('random response bytes never throw; what decodes re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(responseBytes, (bytes) => {
        const r = decodeControlResponse(bytes);
        if (!r.ok) {
          check(RESPONSE_ERRORS.has(r.error.code) && r.error.message.length > 0, `bad error ${r.error.code}`, bytes);
          return;
        }
        check(CONTROL_RESULTS.includes(r.response.result), 'result outside the table', bytes);
        check(
          Buffer.from(encodeControlResponse(r.response)).equals(bytes),
          'decode is not the inverse of encode',
          bytes,
        );
      }),
      { numRuns: 15_000 },
    );
  });
});

describe('status codec properties', () => {
  it('every valid status survives encode → decode unchanged', () => {
    fc.assert(
      fc.property(validStatus, (status) => {
        expect(decodeStatus(encodeStatus(status))).toEqual({ ok: true, status });
      }),
      { numRuns: 2_000 },
    );
  });

  it('random status bytes never throw and decode only to in-range values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), (bytes) => {
        const r = decodeStatus(bytes);
        if (!r.ok) {
          check(STATUS_ERRORS.has(r.error.code) && r.error.message.length > 0, `bad error ${r.error.code}`, bytes);
          return;
        }
        const s = r.status;
        check(bytes.length === 4, 'decoded a status that is not 4 bytes', bytes);
        check(s.location === null || LOCATIONS.includes(s.location), 'location outside the table', bytes);
        check(s.gyrRangeCode <= 4 && s.accRangeCode <= 3 && s.rateCode <= 3, 'code outside the table', bytes);
        check(s.batteryPct === null || (s.batteryPct >= 0 && s.batteryPct <= 100), 'battery out of 0..100', bytes);
        // Reserved bits are the only thing an encoder does not reproduce.
        const masked = Uint8Array.of(bytes[0], bytes[1] & 0x7f, bytes[2] & 0x0f, bytes[3]);
        check(Buffer.from(encodeStatus(s)).equals(masked), 'decode is not the inverse of encode', bytes);
      }),
      { numRuns: 10_000 },
    );
  });

  it('random protocol info bytes never throw; a decoded one lists its active version as supported', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 }), (bytes) => {
        const r = decodeProtocolInfo(bytes);
        if (!r.ok) return;
        check(r.info.supportedVersions.includes(r.info.activeVersion), 'active version not supported', bytes);
        check(
          r.info.supportedVersions.every((v) => v >= 1 && v <= 7),
          'version outside 1..7',
          bytes,
        );
        check(Buffer.from(encodeProtocolInfo(r.info)).equals(bytes), 'decode is not the inverse of encode', bytes);
      }),
      { numRuns: 5_000 },
    );
  });
});
