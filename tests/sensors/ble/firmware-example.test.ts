/**
 * The reference firmware example (firmware-protocol/examples/nrf52840-lsm6ds3): its portable
 * core runs on the host and must answer every control write byte for byte like the executable
 * SPEC (src/protocol/sensor-control.ts), pack packets the TypeScript decoder reads back, and
 * rescale LSM6DS3 counts as the datasheet says; then the codec and the core cross-compile for a
 * Cortex-M4F with Debian's arm-none-eabi-gcc, code size printed. main.c (Zephyr glue) is not
 * compiled here: it needs the Zephyr SDK (see the example's README).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePacket } from '../../../src/protocol/packet.ts';
import {
  handleControlWrite,
  INITIAL_SENSOR_STATE,
  type SensorControlState,
} from '../../../src/protocol/sensor-control.ts';
import { decodeProtocolInfo, decodeStatus } from '../../../src/protocol/status.ts';
import { IN_CI, PROJECT_ROOT } from '../../helpers/data.ts';

const FW = join(PROJECT_ROOT, 'firmware-protocol');
const EXAMPLE = join(FW, 'examples/nrf52840-lsm6ds3');
const SOURCES = [join(FW, 'c/gaitd_protocol.c'), join(EXAMPLE, 'src/sensor_core.c')];
const INCLUDES = ['-I', join(FW, 'c'), '-I', join(EXAMPLE, 'src')];
const WARNINGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-Wconversion', '-Wshadow'];

const tmp = mkdtempSync(join(tmpdir(), 'gaitd-fw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Whether a compiler is on PATH; in CI its absence fails instead of skipping (.ci/run installs it). */
function available(program: string, apt: string): boolean {
  const found = spawnSync(program, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found && IN_CI) throw new Error(`CI=true but no \`${program}\` on PATH: .ci/run must apt-get install ${apt}`);
  if (!found) console.warn(`skipping: no \`${program}\` on PATH (apt-get install ${apt})`);
  return found;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => (h === '-' ? new Uint8Array(0) : Uint8Array.from(Buffer.from(h, 'hex')));

/** LSM6DS3 sensitivities (datasheet table 3) and the SPEC's full scales, for ±16 g / ±2000 dps. */
function expectedCounts(raw: number, nativePerLsb: number, fullScaleNative: number): number {
  const q = Math.round((Math.abs(raw) * nativePerLsb * 32768) / fullScaleNative) * Math.sign(raw);
  return Math.max(-32768, Math.min(32767, q));
}

describe('firmware example, portable core on the host', () => {
  it('answers control writes, converts, packs and reports status like the TypeScript reference', (ctx) => {
    if (!available('cc', 'build-essential')) return ctx.skip();
    const exe = join(tmp, 'host_test');
    execFileSync('cc', [
      ...WARNINGS,
      '-pedantic',
      ...INCLUDES,
      '-o',
      exe,
      join(EXAMPLE, 'test/host_test.c'),
      ...SOURCES,
    ]);
    const lines = execFileSync(exe, { encoding: 'utf8' }).trim().split('\n');

    // Control Point: the same writes through the executable SPEC give the same indications.
    let state: SensorControlState = INITIAL_SENSOR_STATE;
    const controls = lines.filter((l) => l.startsWith('control '));
    expect(controls).toHaveLength(13);
    for (const line of controls) {
      const [, request, indication, , , , identify] = line.split(' ');
      const tick = request.startsWith('07') ? 0x89abcdef : 0;
      const outcome = handleControlWrite(state, bytes(request), tick);
      state = outcome.state;
      expect(indication, `indication for ${request}`).toBe(outcome.indication ? hex(outcome.indication) : '-');
      if (outcome.identify) expect(identify).toBe('identify=1/3/2/80');
    }

    // Unit conversion: LSM6DS3 µg and µdps per LSB → counts of ±16 g / ±2000 dps, rounded and saturated.
    for (const line of lines.filter((l) => l.startsWith('convert '))) {
      const [, map, ...nums] = line.split(' ');
      const v = nums.map(Number);
      const chip = v.slice(0, 6);
      const out = v.slice(6);
      const order = map === 'rotated' ? [1, 0, 2] : [0, 1, 2];
      const sign = map === 'rotated' ? [-1, 1, 1] : [1, 1, 1];
      for (let i = 0; i < 3; i++) {
        const acc = expectedCounts(chip[order[i]], 488, 16e6);
        const gyr = expectedCounts(chip[3 + order[i]], 70000, 2000e6);
        expect(out[i]).toBe(sign[i] < 0 ? Math.min(32767, -acc) : acc);
        expect(out[3 + i]).toBe(sign[i] < 0 ? Math.min(32767, -gyr) : gyr);
      }
    }

    // Packets: 10 samples each (ATT_MTU 247, capped for latency), seq from 0, tick extended over the RTC wrap.
    const packets = lines.filter((l) => l.startsWith('packet ')).map((l) => decodePacket(bytes(l.split(' ')[1])));
    expect(packets).toHaveLength(2);
    const [p0, p1] = packets.map((p) => {
      if (!p.ok) throw new Error(p.error.message);
      return p.packet;
    });
    expect([p0.seq, p1.seq, p0.samples.length / 6, p0.rateCode, p0.accRangeCode, p0.gyrRangeCode]).toEqual([
      0, 1, 10, 1, 3, 4,
    ]);
    expect(p0.tick).toBe(0xffffff - 1000);
    expect(p1.tick - p0.tick).toBe(Math.floor((10 * 32768) / 100)); // across the 24-bit wrap, extended without a jump
    expect(Array.from(p1.samples.slice(0, 6))).toEqual([10, -10, 2048, 100, 0, -1]);

    const status = decodeStatus(bytes(lines.find((l) => l.startsWith('status '))?.split(' ')[1] ?? ''));
    expect(status).toMatchObject({
      ok: true,
      status: { location: 'right_shank', streaming: false, batteryPct: 87, rateCode: 1 },
    });
    const info = decodeProtocolInfo(bytes(lines.find((l) => l.startsWith('info '))?.split(' ')[1] ?? ''));
    expect(info).toEqual({ ok: true, info: { activeVersion: 1, supportedVersions: [1] } });
  });
});

describe('firmware example, Cortex-M4 cross-compile', () => {
  it('compiles the codec and the portable core with -Wall -Wextra -Werror for a Cortex-M4F and prints the code size', (ctx) => {
    if (!available('arm-none-eabi-gcc', 'gcc-arm-none-eabi')) return ctx.skip();
    const flags = [
      '-mcpu=cortex-m4',
      '-mthumb',
      '-mfloat-abi=hard',
      '-mfpu=fpv4-sp-d16',
      '-Os',
      '-ffreestanding',
      ...WARNINGS,
    ];
    const objects = SOURCES.map((src) => {
      const obj = join(tmp, src.endsWith('sensor_core.c') ? 'sensor_core.o' : 'gaitd_protocol.o');
      execFileSync('arm-none-eabi-gcc', [...flags, ...INCLUDES, '-c', src, '-o', obj]);
      return obj;
    });
    const size = execFileSync('arm-none-eabi-size', objects, { encoding: 'utf8' });
    console.log(`arm-none-eabi-gcc ${flags.join(' ')}\n${size}`);
    const rows = size
      .trim()
      .split('\n')
      .slice(1)
      .map((r) => r.trim().split(/\s+/).map(Number));
    for (const [text, data, bss] of rows) {
      expect(text).toBeGreaterThan(500);
      expect(text).toBeLessThan(8192); // fits comfortably in any nRF52's flash
      expect(data + bss).toBe(0); // no globals: state lives in the caller's sc_state
    }
  });
});
