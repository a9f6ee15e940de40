import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../firmware-protocol/vectors/generate.ts';
import {
  type ControlOutcome,
  handleControlWrite,
  INITIAL_SENSOR_STATE,
  type SensorControlState,
} from '../../src/protocol/sensor-control.ts';

/** Writes hex requests in order; returns every outcome with its indication as hex. */
function session(writes: string[], start: SensorControlState = INITIAL_SENSOR_STATE, tick = 0) {
  let state = start;
  const out: (ControlOutcome & { hex?: string })[] = [];
  for (const w of writes) {
    const o = handleControlWrite(state, fromHex(w), tick);
    state = o.state;
    out.push({ ...o, hex: o.indication && toHex(o.indication) });
  }
  return { state, out };
}

describe('sensor side of the control point (SPEC.md § 4)', () => {
  it('configures while stopped and refuses configuration while streaming', () => {
    const { state, out } = session(['03 02', '06 02', '01', '03 03', '06 00', '02', '03 03']);
    expect(out.map((o) => o.hex)).toEqual(['800301', '800601', '800101', '800305', '800605', '800201', '800301']);
    expect(state).toMatchObject({ streaming: false, rateCode: 3, location: 'waist' });
  });

  it('START resets seq and the overrun flag once; a repeated START changes nothing', () => {
    const running = { ...INITIAL_SENSOR_STATE, streaming: false, nextSeq: 812, fifoOverrun: true };
    const first = session(['01'], running);
    expect(first.state).toMatchObject({ streaming: true, nextSeq: 0, fifoOverrun: false });
    const again = session(['01'], { ...first.state, nextSeq: 40, fifoOverrun: true });
    expect(again.state).toMatchObject({ nextSeq: 40, fifoOverrun: true });
    expect(again.out[0].hex).toBe('800101');
  });

  it('rejects in the SPEC order: opcode, then length, then parameter, then state', () => {
    const streaming = { ...INITIAL_SENSOR_STATE, streaming: true };
    const { out } = session(['42', '03', '03 09', '03 01 01', '03 01'], streaming);
    expect(out.map((o) => o.hex)).toEqual(['804202', '800304', '800303', '800304', '800305']);
  });

  it('an empty write is refused at ATT level with 0x0D and no indication', () => {
    const o = handleControlWrite(INITIAL_SENSOR_STATE, new Uint8Array(0), 0);
    expect(o).toEqual({ state: INITIAL_SENSOR_STATE, attError: 0x0d });
  });

  it('answers TIME_SYNC with the echoed host time and the latched tick (SPEC § 4.3 example)', () => {
    const { out } = session(['07 06 05 04 03 02 01 00 00'], INITIAL_SENSOR_STATE, 0x89abcdef);
    expect(out[0].hex).toBe('80070106050403020100' + '00efcdab89');
  });

  it('switches protocol version only to one it implements', () => {
    const multi = { ...INITIAL_SENSOR_STATE, activeVersion: 2, supportedVersions: [1, 2] };
    const { state, out } = session(['09 03', '09 01'], multi);
    expect(out.map((o) => o.hex)).toEqual(['800907', '800901']);
    expect(state.activeVersion).toBe(1);
  });

  it('starts the requested identify pattern and reports a hardware fault as OPERATION_FAILED', () => {
    const buzz = handleControlWrite(INITIAL_SENSOR_STATE, fromHex('08 03 02 50'), 0);
    expect(buzz.identify).toEqual({ pattern: 'alert-double', repeat: 2, intensityPct: 80 });
    const broken = handleControlWrite(INITIAL_SENSOR_STATE, fromHex('01'), 0, { hardwareFault: true });
    expect(toHex(broken.indication ?? new Uint8Array())).toBe('800106');
    expect(broken.state.streaming).toBe(false);
  });
});
