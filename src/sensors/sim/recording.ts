/**
 * A walker run as a recording (DESIGN.md format): sensor CSVs come from DECODING the walker's
 * own packets, so they carry exactly what a receiver would get (quantisation, loss, the sensor's
 * clock); the reference files carry the ground truth.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { accScale, decodePacket, gyrScale, TICK_HZ } from '../../protocol/packet.ts';
import {
  eventsCsv,
  recordingManifestFor,
  SENSOR_CSV_HEADER,
  type SensorSeries,
  sensorCsvRow,
  type WriteRecordingInput,
} from '../replay/recording.ts';
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

/** One decoded notification: wearer-timeline times and float32 samples (xyz interleaved). */
interface DecodedNotification {
  readonly sensorId: string;
  readonly t: Float64Array;
  readonly acc: Float32Array;
  readonly gyr: Float32Array;
}

/** Decodes a walker's notifications one by one, in arrival order, onto the wearer timeline. */
function* decodedNotifications(walker: Walker): Generator<DecodedNotification> {
  const truth = new Map(walker.sensorTruth().map((s) => [s.sensorId, s]));
  const rates = new Map(walker.sensors.map((s) => [s.sensorId, s.rateHz]));
  for (const note of walker.notifications()) {
    const decoded = decodePacket(note.bytes);
    // The walker only emits packets from the real encoder; a failure here is a bug.
    if (!decoded.ok) throw new Error(`simulator produced an undecodable packet: ${decoded.error.message}`);
    const { packet } = decoded;
    const rateHz = rates.get(note.sensorId)!;
    const clock = truth.get(note.sensorId)!;
    // Sensor seconds since its first sample (u32 wrap undone), mapped onto the wearer timeline
    // with the sensor's true offset and drift: what a perfect clock sync would recover.
    const sensorS = ((((packet.tick - clock.tickStart) % U32) + U32) % U32) / TICK_HZ;
    const scale = 1 / (1 + clock.driftPpm * 1e-6);
    const as = accScale(packet.accRangeCode);
    const gs = gyrScale(packet.gyrRangeCode);
    const n = packet.samples.length / 6;
    const t = new Float64Array(n);
    const acc = new Float32Array(3 * n);
    const gyr = new Float32Array(3 * n);
    for (let j = 0; j < n; j++) {
      t[j] = clock.firstSampleS + (sensorS + j / rateHz) * scale;
      for (let k = 0; k < 3; k++) {
        acc[3 * j + k] = packet.samples[6 * j + k] * as;
        gyr[3 * j + k] = packet.samples[6 * j + 3 + k] * gs;
      }
    }
    yield { sensorId: note.sensorId, t, acc, gyr };
  }
}

/** Decodes a walker's notifications into per-sensor series on the wearer timeline (all in memory). */
export function decodeWalker(walker: Walker): SensorSeries[] {
  const chunks = new Map<string, DecodedNotification[]>();
  for (const s of walker.sensors) chunks.set(s.sensorId, []);
  for (const d of decodedNotifications(walker)) chunks.get(d.sensorId)!.push(d);
  return walker.sensors.map((s) => {
    const parts = chunks.get(s.sensorId)!;
    const n = parts.reduce((sum, p) => sum + p.t.length, 0);
    const t = new Float64Array(n);
    const acc = new Float32Array(3 * n);
    const gyr = new Float32Array(3 * n);
    let at = 0;
    for (const p of parts) {
      t.set(p.t, at);
      acc.set(p.acc, 3 * at);
      gyr.set(p.gyr, 3 * at);
      at += p.t.length;
    }
    return { location: s.location, rateHz: s.rateHz, t, acc, gyr };
  });
}

/** Everything of a walker's recording except the sensor samples: manifest fields and reference files. */
function walkerRecordingInfo(walker: Walker, options: WalkerOptions): Omit<WriteRecordingInput, 'sensors'> {
  const truth = walker.groundTruth;
  const walking = truth.walking.map(([a, b]) => [a, b] as [number, number]);
  return {
    wearer: `sim-${walker.scenario.name}-${options.seed}`,
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

/** Runs the walker and returns everything writeRecording needs (the whole walk in memory). */
export function simulateRecording(options: WalkerOptions): WriteRecordingInput & { readonly walker: Walker } {
  const walker = createWalker(options);
  const sensors = decodeWalker(walker);
  return {
    walker,
    ...walkerRecordingInfo(walker, options),
    sensors: sensors.map((s) => ({ ...s, device: 'gaitd simulator' })),
  };
}

/** Bytes of CSV text collected per sensor before it is written out. */
const FLUSH_CHARS = 1 << 20;

/**
 * Runs the walker straight into a recording directory (which must exist) in bounded memory: each
 * notification is decoded and appended to its sensor's CSV, so a 24-hour walk never sits in memory
 * (the in-memory path needed ~210 kB per simulated second). The same files as writeRecording
 * (byte for byte), recording.json last, so an interrupted write never looks like a recording.
 * Throws on I/O errors.
 */
export function writeSimulatedRecording(dir: string, options: WalkerOptions): { walker: Walker; events: number } {
  const walker = createWalker(options);
  const files = new Map<string, { fd: number; text: string }>();
  try {
    for (const s of walker.sensors) {
      const fd = openSync(join(dir, `${s.location}.csv`), 'w');
      files.set(s.sensorId, { fd, text: `${SENSOR_CSV_HEADER}\n` });
    }
    for (const d of decodedNotifications(walker)) {
      const file = files.get(d.sensorId)!;
      for (let j = 0; j < d.t.length; j++) file.text += `${sensorCsvRow(d.t[j], d.acc, d.gyr, 3 * j)}\n`;
      if (file.text.length >= FLUSH_CHARS) {
        writeSync(file.fd, file.text);
        file.text = '';
      }
    }
    for (const file of files.values()) writeSync(file.fd, file.text);
  } finally {
    for (const file of files.values()) closeSync(file.fd);
  }
  const info = walkerRecordingInfo(walker, options);
  if (info.events) writeFileSync(join(dir, 'events.csv'), eventsCsv(info.events));
  for (const [name, content] of Object.entries(info.extraFiles ?? {})) writeFileSync(join(dir, name), content);
  const sensors = walker.sensors.map((s) => ({
    location: s.location,
    rateHz: s.rateHz,
    device: 'gaitd simulator',
  }));
  writeFileSync(join(dir, 'recording.json'), `${JSON.stringify(recordingManifestFor(info, sensors), null, 2)}\n`);
  return { walker, events: info.events?.length ?? 0 };
}
