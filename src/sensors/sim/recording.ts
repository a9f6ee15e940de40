/**
 * A walker run as a recording (DESIGN.md format): sensor CSVs come from DECODING the walker's
 * own packets, so they carry exactly what a receiver would get (quantisation, loss, the sensor's
 * clock); the reference files carry the ground truth.
 */
import { accScale, decodePacket, gyrScale, TICK_HZ } from '../../protocol/packet.ts';
import type { SensorSeries, WriteRecordingInput } from '../replay/recording.ts';
import type { Location } from '../types.ts';
import type { GroundTruth } from './truth.ts';
import { createWalker, type Walker, type WalkerOptions } from './walker.ts';

const U32 = 4294967296;

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '';
}

export function referenceStridesCsv(truth: GroundTruth): string {
  const header =
    'side,ic,fc,next_ic,stride_time,stance_time,swing_time,step_time,stance_pct,double_support_time,rom,peak_swing_velocity,foot_rom,foot_peak_swing_velocity,trunk_roll_in_stance';
  const rows = truth.strides.map((s) =>
    [
      s.side,
      fmt(s.ic, 4),
      fmt(s.fc, 4),
      fmt(s.nextIc, 4),
      fmt(s.strideTime, 4),
      fmt(s.stanceTime, 4),
      fmt(s.swingTime, 4),
      fmt(s.stepTime, 4),
      fmt(s.stancePct, 3),
      fmt(s.doubleSupport, 4),
      fmt(s.rom, 5),
      fmt(s.peakSwingVelocity, 5),
      fmt(s.footRom, 5),
      fmt(s.footPeakSwingVelocity, 5),
      fmt(s.trunkRollInStance, 5),
    ].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

export function compensationCsv(truth: GroundTruth): string {
  const rows = truth.compensation.map((c) => `${c.t.toFixed(1)},${c.pattern},${c.side},${c.severity.toFixed(4)}`);
  return `${['t,pattern,side,severity', ...rows].join('\n')}\n`;
}

/** Decodes a walker's notifications into per-sensor series on the wearer timeline. */
export function decodeWalker(walker: Walker): SensorSeries[] {
  const truth = new Map(walker.sensorTruth().map((s) => [s.sensorId, s]));
  const chunks = new Map<string, { t: number[]; acc: number[]; gyr: number[] }>();
  for (const s of walker.sensors) chunks.set(s.sensorId, { t: [], acc: [], gyr: [] });
  for (const note of walker.notifications()) {
    const decoded = decodePacket(note.bytes);
    // The walker only emits packets from the real encoder; a failure here is a bug.
    if (!decoded.ok) throw new Error(`simulator produced an undecodable packet: ${decoded.error.message}`);
    const { packet } = decoded;
    const info = walker.sensors.find((s) => s.sensorId === note.sensorId)!;
    const clock = truth.get(note.sensorId)!;
    const out = chunks.get(note.sensorId)!;
    // Sensor seconds since its first sample (u32 wrap undone), mapped onto the wearer timeline
    // with the sensor's true offset and drift: what a perfect clock sync would recover.
    const sensorS = ((((packet.tick - clock.tickStart) % U32) + U32) % U32) / TICK_HZ;
    const scale = 1 / (1 + clock.driftPpm * 1e-6);
    const as = accScale(packet.accRangeCode);
    const gs = gyrScale(packet.gyrRangeCode);
    const n = packet.samples.length / 6;
    for (let j = 0; j < n; j++) {
      out.t.push(clock.firstSampleS + (sensorS + j / info.rateHz) * scale);
      for (let k = 0; k < 3; k++) {
        out.acc.push(packet.samples[6 * j + k] * as);
        out.gyr.push(packet.samples[6 * j + 3 + k] * gs);
      }
    }
  }
  return walker.sensors.map((s) => {
    const c = chunks.get(s.sensorId)!;
    return {
      location: s.location as Location,
      rateHz: s.rateHz,
      t: Float64Array.from(c.t),
      acc: Float32Array.from(c.acc),
      gyr: Float32Array.from(c.gyr),
    };
  });
}

/** Runs the walker and returns everything writeRecording needs. */
export function simulateRecording(options: WalkerOptions): WriteRecordingInput & { readonly walker: Walker } {
  const walker = createWalker(options);
  const sensors = decodeWalker(walker);
  const truth = walker.groundTruth;
  const walking = truth.walking.map(([a, b]) => [a, b] as [number, number]);
  return {
    walker,
    wearer: `sim-${walker.scenario.name}-${options.seed}`,
    sensors: sensors.map((s) => ({ ...s, device: 'gaitd simulator' })),
    events: truth.events,
    extraFiles: { 'reference_strides.csv': referenceStridesCsv(truth), 'compensation.csv': compensationCsv(truth) },
    reference: {
      strides: 'reference_strides.csv',
      regions: { left: walking, right: walking },
      turns: truth.turns.map(([a, b]) => [a, b] as [number, number]),
      system: 'gaitd simulator ground truth',
    },
    source: {
      simulator: 'gaitd virtual walker',
      scenario: walker.scenario.name,
      scenario_description: walker.scenario.description,
      seed: options.seed,
      duration_s: options.durationS,
      rate_hz: options.rateHz ?? 100,
      samples_per_packet: options.samplesPerPacket ?? 5,
      compensation: 'compensation.csv',
      sensors: walker.sensorTruth().map((s) => ({
        sensor_id: s.sensorId,
        location: s.location,
        clock_drift_ppm: s.driftPpm,
        packets_sent: s.packetsSent,
        packets_lost: s.packetsLost,
      })),
    },
  };
}
