/**
 * The host side of the gaitd Control Point (firmware-protocol/SPEC.md § 4): one procedure at a
 * time, each request answered by an indication that echoes its opcode, with a timeout because a
 * sensor may answer slowly or never (noble has no timeout of its own).
 */
import {
  CONTROL_OPCODES,
  type ControlRequest,
  type ControlResponse,
  decodeControlResponse,
  encodeControlRequest,
} from '../../protocol/control.ts';
import {
  estimateTimeSync,
  exchangeFromReply,
  type TimeSyncAnchor,
  type TimeSyncExchange,
} from '../../protocol/time-sync.ts';
import type { NobleCharacteristic } from './noble-types.ts';

export interface ControlClient {
  /** Sends one request and resolves with the sensor's answer; rejects on timeout or a malformed answer. */
  request(request: ControlRequest): Promise<ControlResponse>;
  /** Like request(), but a result other than success rejects with the result named. */
  expectSuccess(request: ControlRequest): Promise<ControlResponse>;
  /** `count` TIME_SYNC exchanges; the anchor of the shortest round trip (Cristian). */
  timeSync(count: number): Promise<TimeSyncAnchor>;
  /** Stops listening; pending requests reject. */
  close(): void;
}

export function createControlClient(
  characteristic: NobleCharacteristic,
  options: { readonly timeoutMs: number; readonly nowUs: () => number },
): ControlClient {
  let chain: Promise<unknown> = Promise.resolve();
  let pending: { opcode: number; resolve: (r: ControlResponse) => void; reject: (e: Error) => void } | undefined;
  let closed = false;
  const onData = (data: Buffer, isNotification: boolean) => {
    if (!isNotification || !pending) return;
    const decoded = decodeControlResponse(data);
    const p = pending;
    if (!decoded.ok) {
      pending = undefined;
      p.reject(new Error(`control point: malformed answer (${decoded.error.message})`));
    } else if (decoded.response.opcode === p.opcode) {
      pending = undefined;
      p.resolve(decoded.response);
    }
    // An answer to another opcode is a stale indication from a timed-out request: ignore it.
  };
  characteristic.on('data', onData);

  const once = (request: ControlRequest): Promise<ControlResponse> =>
    new Promise<ControlResponse>((resolve, reject) => {
      if (closed) {
        reject(new Error('control point closed (sensor disconnected)'));
        return;
      }
      const opcode = CONTROL_OPCODES[request.op];
      const timer = setTimeout(() => {
        if (pending?.opcode !== opcode) return;
        pending = undefined;
        reject(new Error(`control point: no answer to ${request.op} within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      pending = {
        opcode,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      characteristic.writeAsync(Buffer.from(encodeControlRequest(request)), false).catch((err: Error) => {
        if (pending?.opcode !== opcode) return;
        pending.reject(new Error(`control point: write of ${request.op} failed (${err.message})`));
        pending = undefined;
      });
    });

  const request = (r: ControlRequest): Promise<ControlResponse> => {
    const next = chain.then(
      () => once(r),
      () => once(r),
    );
    chain = next.catch(() => undefined);
    return next;
  };

  const expectSuccess = async (r: ControlRequest) => {
    const response = await request(r);
    if (response.result !== 'success') throw new Error(`sensor refused ${r.op}: ${response.result}`);
    return response;
  };

  return {
    request,
    expectSuccess,
    async timeSync(count) {
      const exchanges: TimeSyncExchange[] = [];
      for (let i = 0; i < count; i++) {
        const hostTimeUs = Math.round(options.nowUs());
        const response = await expectSuccess({ op: 'time-sync', hostTimeUs });
        if (response.timeSync) exchanges.push(exchangeFromReply(response.timeSync, options.nowUs()));
      }
      const anchor = estimateTimeSync(exchanges);
      if (!anchor) throw new Error('time sync: no usable exchange');
      return anchor;
    },
    close() {
      closed = true;
      characteristic.removeListener('data', onData);
      if (pending) {
        pending.reject(new Error('control point closed (sensor disconnected)'));
        pending = undefined;
      }
    },
  };
}
