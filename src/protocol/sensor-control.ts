/**
 * The sensor's side of the Control Point (firmware-protocol/SPEC.md § 4.1–4.2) as a pure
 * function: state + written bytes → next state + the indication to send. The simulator answers
 * control writes with it, and its tests pin down the SPEC's state rules (what is refused while
 * streaming, what START resets) in executable form for firmware authors.
 */
import type { Location } from '../domain/sensors.ts';
import {
  CONTROL_OPCODES,
  type ControlRequest,
  type ControlResult,
  decodeControlRequest,
  encodeControlResponse,
  type IdentifyPattern,
  rejectionResult,
} from './control.ts';

export interface SensorControlState {
  readonly streaming: boolean;
  readonly rateCode: number;
  readonly accRangeCode: number;
  readonly gyrRangeCode: number;
  readonly location: Location | null;
  readonly activeVersion: number;
  readonly supportedVersions: readonly number[];
  /** Status flag: an IMU FIFO overrun since the last START_STREAMING. */
  readonly fifoOverrun: boolean;
  /** Sequence number of the next packet. */
  readonly nextSeq: number;
}

export interface ControlOutcome {
  readonly state: SensorControlState;
  /** Indication to send; absent when the write is refused at ATT level instead. */
  readonly indication?: Uint8Array;
  /** ATT error code for the write response (0x0D: empty write). */
  readonly attError?: number;
  /** A haptic/LED pattern to start now. */
  readonly identify?: { readonly pattern: IdentifyPattern; readonly repeat: number; readonly intensityPct: number };
}

export const ATT_INVALID_ATTRIBUTE_VALUE_LENGTH = 0x0d;

export const INITIAL_SENSOR_STATE: SensorControlState = {
  streaming: false,
  rateCode: 1,
  accRangeCode: 2,
  gyrRangeCode: 4,
  location: null,
  activeVersion: 1,
  supportedVersions: [1],
  fifoOverrun: false,
  nextSeq: 0,
};

const CONFIGURATION_OPS = new Set(['set-rate', 'set-acc-range', 'set-gyr-range', 'set-location']);

/**
 * Handles one Control Point write. `sensorTick` is the tick latched on arrival (TIME_SYNC);
 * `hardwareFault` makes every otherwise valid state change fail with OPERATION_FAILED (step 6).
 */
export function handleControlWrite(
  state: SensorControlState,
  bytes: Uint8Array,
  sensorTick: number,
  options: { readonly hardwareFault?: boolean } = {},
): ControlOutcome {
  const decoded = decodeControlRequest(bytes);
  if (!decoded.ok) {
    const result = rejectionResult(decoded.error);
    if (result === undefined || decoded.error.opcode === undefined) {
      return { state, attError: ATT_INVALID_ATTRIBUTE_VALUE_LENGTH };
    }
    return { state, indication: encodeControlResponse({ opcode: decoded.error.opcode, result }) };
  }
  const request = decoded.request;
  const opcode = CONTROL_OPCODES[request.op];
  const answer = (result: ControlResult, next: SensorControlState = state): ControlOutcome => ({
    state: next,
    indication: encodeControlResponse({ opcode, result }),
  });
  if (state.streaming && CONFIGURATION_OPS.has(request.op)) return answer('not-permitted-while-streaming');
  if (request.op === 'set-protocol-version' && !state.supportedVersions.includes(request.version)) {
    return answer('version-not-supported');
  }
  if (options.hardwareFault && request.op !== 'time-sync') return answer('operation-failed');
  return apply(state, request, opcode, sensorTick);
}

function apply(state: SensorControlState, request: ControlRequest, opcode: number, sensorTick: number): ControlOutcome {
  const ok = (next: SensorControlState): ControlOutcome => ({
    state: next,
    indication: encodeControlResponse({ opcode, result: 'success' }),
  });
  switch (request.op) {
    case 'start-streaming':
      // Idempotent: a second START neither resets seq nor clears the overrun flag.
      return ok(state.streaming ? state : { ...state, streaming: true, nextSeq: 0, fifoOverrun: false });
    case 'stop-streaming':
      return ok({ ...state, streaming: false });
    case 'set-rate':
      return ok({ ...state, rateCode: request.rateCode });
    case 'set-acc-range':
      return ok({ ...state, accRangeCode: request.accRangeCode });
    case 'set-gyr-range':
      return ok({ ...state, gyrRangeCode: request.gyrRangeCode });
    case 'set-location':
      return ok({ ...state, location: request.location });
    case 'set-protocol-version':
      return ok({ ...state, activeVersion: request.version });
    case 'identify': {
      const { pattern, repeat, intensityPct } = request;
      return { ...ok(state), identify: { pattern, repeat, intensityPct } };
    }
    case 'time-sync':
      return {
        state,
        indication: encodeControlResponse({
          opcode,
          result: 'success',
          timeSync: { hostTimeUs: request.hostTimeUs, sensorTick: sensorTick >>> 0 },
        }),
      };
  }
}
