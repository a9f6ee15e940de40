/**
 * WitMotion WT901BLECL 5.0 bytes ↔ gaitd's raw stream (profile in profiles.ts). The device sends
 * one 20-byte frame per sample, `55 61` + 9 × int16 LE (acc x y z, gyro x y z, angle x y z), with
 * fixed ±16 g and ±2000 °/s full scales — exactly the scales of gaitd's range codes 3 and 4, so
 * the counts pass through unchanged into a one-sample protocol-v1 packet. It has no sensor clock
 * and no sequence number: the host stamps samples (see createWitmotionTimeline).
 */
import { encodePacket, RATES_HZ, TICK_HZ } from '../../protocol/packet.ts';
import { WITMOTION_DEVICE } from './profiles.ts';

const FRAME = WITMOTION_DEVICE.frame;

export interface WitFrame {
  /** Raw counts, ±16 g full scale. */
  readonly acc: readonly [number, number, number];
  /** Raw counts, ±2000 °/s full scale. */
  readonly gyr: readonly [number, number, number];
  /** Raw counts, ±180° full scale (the device's own attitude estimate; gaitd does not use it). */
  readonly angle: readonly [number, number, number];
}

export type WitDecodeError = 'length-mismatch' | 'bad-header' | 'other-frame';
export type WitDecode =
  | { readonly ok: true; readonly frame: WitFrame }
  | { readonly ok: false; readonly error: WitDecodeError; readonly message: string };

function i16(b: Uint8Array, o: number): number {
  const v = b[o] | (b[o + 1] << 8);
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** Decodes one notification; never throws. Register replies (`55 71`) are `other-frame`. */
export function decodeWitFrame(bytes: Uint8Array): WitDecode {
  if (bytes.length < 2 || bytes[0] !== FRAME.header) {
    return {
      ok: false,
      error: 'bad-header',
      message: `WitMotion frame must start with 0x55, got ${bytes.length === 0 ? 'nothing' : `0x${bytes[0].toString(16)}`}`,
    };
  }
  if (bytes[1] !== FRAME.flag) {
    return {
      ok: false,
      error: 'other-frame',
      message: `WitMotion frame flag 0x${bytes[1].toString(16)} is not the IMU frame 0x61`,
    };
  }
  if (bytes.length !== FRAME.bytes) {
    return {
      ok: false,
      error: 'length-mismatch',
      message: `WitMotion IMU frame must be ${FRAME.bytes} bytes, got ${bytes.length}`,
    };
  }
  const v = (k: number) => i16(bytes, 2 + 2 * k);
  const { acc: ax, gyr: gx } = WITMOTION_DEVICE.axes;
  return {
    ok: true,
    frame: {
      acc: [v(ax[0]), v(ax[1]), v(ax[2])],
      gyr: [v(3 + gx[0]), v(3 + gx[1]), v(3 + gx[2])],
      angle: [v(6), v(7), v(8)],
    },
  };
}

/** The device side (test peripheral and vectors). */
export function encodeWitFrame(frame: WitFrame): Uint8Array {
  const out = new Uint8Array(FRAME.bytes);
  out[0] = FRAME.header;
  out[1] = FRAME.flag;
  const values = [...frame.acc, ...frame.gyr, ...frame.angle];
  values.forEach((raw, k) => {
    if (!Number.isInteger(raw) || raw < -32768 || raw > 32767)
      throw new RangeError(`WitMotion value ${raw} is not an int16`);
    out[2 + 2 * k] = raw & 0xff;
    out[3 + 2 * k] = (raw >> 8) & 0xff;
  });
  return out;
}

/** The commands that set the output rate: unlock, write RRATE, save (WIT standard protocol). */
export function witRateCommands(rateHz: number): Uint8Array[] {
  const code = WITMOTION_DEVICE.commands.rateCodes[rateHz];
  if (code === undefined)
    throw new RangeError(`WitMotion rate ${rateHz} Hz: gaitd supports ${WITMOTION_DEVICE.ratesHz.join(', ')}`);
  const c = WITMOTION_DEVICE.commands;
  return [
    Uint8Array.from(c.unlock),
    Uint8Array.from([...c.writeRegisterPrefix, c.rateRegister, code, 0x00]),
    Uint8Array.from(c.save),
  ];
}

/**
 * A sample arriving this much later than the lower envelope of arrivals marks missing samples, s.
 * BLE retransmits a notification over a few connection intervals (up to ~100 ms at 15 ms), which
 * delays frames without losing them, so a shorter lateness is not taken as loss.
 */
export const WIT_GAP_S = 0.15;
/** How fast the envelope may rise, samples per sample: covers ±1000 ppm of device clock error. */
const ENVELOPE_RISE = 0.001;

export interface WitTimeline {
  /** Host-stamped sequence index of the sample arriving now (jumps over missing samples). */
  next(receivedAtMs: number): { readonly index: number; readonly missing: number };
}

/**
 * Sample numbering for a device without clock or sequence number, from arrival times alone.
 * Arrivals are late by a varying BLE latency but never early, so the lower envelope of
 * (host-expected index − counted index) is the link latency; a sample more than
 * WIT_GAP_S behind it means samples were lost (a dropped notification or a reconnect),
 * and the count jumps by the rounded difference. Loss shorter than that is invisible: the
 * timeline then compresses by those samples until the envelope catches up.
 */
export function createWitmotionTimeline(rateHz: number): WitTimeline {
  let anchorMs: number | undefined;
  let index = -1;
  let floor = 0;
  return {
    next(receivedAtMs) {
      anchorMs ??= receivedAtMs;
      const expected = ((receivedAtMs - anchorMs) * rateHz) / 1000;
      index++;
      let lag = expected - index;
      floor = Math.min(lag, floor + ENVELOPE_RISE);
      let missing = 0;
      if (lag - floor > WIT_GAP_S * rateHz) {
        missing = Math.round(lag - floor);
        index += missing;
        lag -= missing;
      }
      return { index, missing };
    },
  };
}

/** One frame as a one-sample protocol-v1 packet: ±16 g, ±2000 °/s, the given rate; seq and tick from the timeline index. */
export function witFrameToPacket(frame: WitFrame, index: number, rateHz: number): Uint8Array {
  const rateCode = RATES_HZ.indexOf(rateHz as (typeof RATES_HZ)[number]);
  if (rateCode < 0) throw new RangeError(`rate ${rateHz} Hz has no protocol rate code`);
  return encodePacket({
    version: 1,
    seq: index & 0xffff,
    tick: Math.round((index * TICK_HZ) / rateHz) % 2 ** 32,
    accRangeCode: 3,
    gyrRangeCode: 4,
    rateCode,
    fifoOverrun: false,
    samples: Int16Array.from([...frame.acc, ...frame.gyr]),
  });
}
