/**
 * One simulated sensor: mounting rotation, bias, gyro drift, noise, int16 quantisation, the
 * sensor's own clock (offset, ppm drift, u32 tick wrap, u16 sequence wrap), packets through the
 * real v1 encoder, radio loss (Gilbert–Elliott bursts) and BLE arrival times on the host.
 */
import { accScale, encodePacket, gyrScale, RATES_HZ, TICK_HZ } from '../../protocol/packet.ts';
import type { Location, RawNotification } from '../types.ts';
import type { BodySignalSource } from './body-signals.ts';
import { type Prng, type Rotation, randomRotation } from './prng.ts';
import type { SensorSettings } from './scenario.ts';

/** What a host reads from a sensor's status characteristic. */
export interface SimSensorInfo {
  readonly sensorId: string;
  readonly location: Location;
  readonly rateHz: number;
  readonly accRangeCode: number;
  readonly gyrRangeCode: number;
}

/** The sensor's true clock and mounting (ground truth for clock-sync and orientation tests). */
export interface SensorTruth {
  readonly sensorId: string;
  readonly location: Location;
  /** Sensor clock rate error, ppm (positive = the sensor clock runs fast). */
  readonly driftPpm: number;
  /** Wearer time of sample 0, s. */
  readonly firstSampleS: number;
  readonly tickStart: number;
  readonly seqStart: number;
  /** Row-major rotation taking body-frame vectors (x anterior, y left, z up) to sensor axes. */
  readonly mounting: Rotation;
  readonly packetsLost: number;
  readonly packetsSent: number;
}

export interface PendingNotification extends RawNotification {
  /** Wearer time of the packet's first sample, s (for recordings and tests). */
  readonly firstSampleT: number;
}

export interface SensorStream {
  readonly info: SimSensorInfo;
  truth(): SensorTruth;
  /** Wearer time at which the next packet's last sample is taken. */
  nextReadyTime(): number;
  /** Produces every packet whose first sample is before `t` (wearer time, s). */
  produceUntil(t: number, out: PendingNotification[]): void;
}

const U32 = 4294967296;

export function createSensorStream(options: {
  readonly location: Location;
  readonly rateHz: 50 | 100 | 200;
  readonly samplesPerPacket: number;
  readonly settings: SensorSettings;
  readonly body: BodySignalSource;
  readonly prng: Prng;
  readonly hostStartMs: number;
}): SensorStream {
  const { location, rateHz, samplesPerPacket: spp, settings, body, prng, hostStartMs } = options;
  const isWaist = location === 'waist';
  const accRangeCode = isWaist ? 2 : 3; // ±8 g at the trunk, ±16 g for heel-strike shocks on legs
  const gyrRangeCode = isWaist ? 2 : 4; // ±500 °/s trunk, ±2000 °/s legs (foot swing > 600 °/s)
  const rateCode = RATES_HZ.indexOf(rateHz);
  const sensorId = `sim-${location}-${Math.floor(prng.next() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`;
  const info: SimSensorInfo = { sensorId, location, rateHz, accRangeCode, gyrRangeCode };

  const mounting = randomRotation(prng);
  const driftPpm = settings.drift_ppm * (prng.next() < 0.5 ? -1 : 1);
  const firstSampleS = prng.uniform(0, 0.02);
  // Half the sensors start within 10 minutes of the u32 tick wrap, so runs exercise it.
  const tickStart =
    prng.next() < 0.5 ? Math.floor(U32 - prng.uniform(1, 600) * TICK_HZ) : Math.floor(prng.next() * U32);
  const seqStart = Math.floor(prng.next() * 0x10000);
  const dtTrue = 1 / (rateHz * (1 + driftPpm * 1e-6));
  const accBias = [0, 1, 2].map(() => settings.acc_bias_m_s2 * prng.normal());
  const gyrBias = [0, 1, 2].map(() => settings.gyro_bias_rad_s * prng.normal());
  const aLsb = 1 / accScale(accRangeCode);
  const gLsb = 1 / gyrScale(gyrRangeCode);

  // Gilbert–Elliott loss: the bad state loses everything, the good state loses at random.
  const burstShare = settings.loss_rate * settings.loss_burst_share;
  const leaveBad = 1 / settings.loss_burst_packets;
  const enterBad = burstShare > 0 ? (burstShare * leaveBad) / (1 - burstShare) : 0;
  const goodLoss = (settings.loss_rate * (1 - settings.loss_burst_share)) / (1 - burstShare);
  let bad = false;

  const ci = settings.connection_interval_ms / 1000;
  const connectionPhase = prng.uniform(0, ci);
  let lastArrival = Number.NEGATIVE_INFINITY;
  let packet = 0;
  let lost = 0;
  // encodePacket copies the samples into the packet bytes, so one buffer serves every packet.
  const samples = new Int16Array(6 * spp);
  let acc = new Float64Array(0);
  let gyr = new Float64Array(0);

  const sampleTime = (k: number) => firstSampleS + k * dtTrue;

  return {
    info,
    truth: () => ({
      sensorId,
      location,
      driftPpm,
      firstSampleS,
      tickStart,
      seqStart,
      mounting,
      packetsLost: lost,
      packetsSent: packet,
    }),
    nextReadyTime: () => sampleTime((packet + 1) * spp - 1),
    produceUntil(t, out) {
      const packets = Math.max(0, Math.ceil((t - sampleTime(packet * spp)) / (dtTrue * spp)));
      if (packets === 0) return;
      const n = packets * spp;
      if (acc.length < 3 * n) {
        acc = new Float64Array(3 * n);
        gyr = new Float64Array(3 * n);
      }
      const k0 = packet * spp;
      body.render(sampleTime(k0), dtTrue, n, acc, gyr);
      const m = mounting;
      const walk = settings.gyro_drift_rad_s_per_sqrt_s * Math.sqrt(spp * dtTrue);
      for (let p = 0; p < packets; p++, packet++) {
        for (let k = 0; k < 3; k++) gyrBias[k] += walk * prng.normal();
        bad = bad ? prng.next() >= leaveBad : prng.next() < enterBad;
        if (bad || prng.next() < goodLoss) {
          lost++;
          continue;
        }
        for (let s = 0; s < spp; s++) {
          const j = 3 * (p * spp + s);
          for (let r = 0; r < 3; r++) {
            const ra = m[3 * r] * acc[j] + m[3 * r + 1] * acc[j + 1] + m[3 * r + 2] * acc[j + 2];
            const rg = m[3 * r] * gyr[j] + m[3 * r + 1] * gyr[j + 1] + m[3 * r + 2] * gyr[j + 2];
            const qa = Math.round((ra + accBias[r] + settings.acc_noise_m_s2 * prng.fastNormal()) * aLsb);
            const qg = Math.round((rg + gyrBias[r] + settings.gyro_noise_rad_s * prng.fastNormal()) * gLsb);
            samples[6 * s + r] = Math.min(32767, Math.max(-32768, qa));
            samples[6 * s + 3 + r] = Math.min(32767, Math.max(-32768, qg));
          }
        }
        const first = packet * spp;
        const bytes = encodePacket({
          version: 1,
          seq: (seqStart + packet) & 0xffff,
          tick: (tickStart + Math.floor((first * TICK_HZ) / rateHz)) % U32,
          accRangeCode,
          gyrRangeCode,
          rateCode,
          fifoOverrun: false,
          samples,
        });
        // Ready after the last sample; sent at the next connection event; sometimes retried
        // over a few intervals; then the host stack adds its own latency. Order is kept per link.
        const ready = sampleTime(first + spp - 1) + 0.001;
        let arrival = connectionPhase + Math.ceil((ready - connectionPhase) / ci) * ci;
        if (prng.next() < 0.02) arrival += ci * Math.ceil(prng.uniform(0, 6));
        arrival += 0.001 + (settings.jitter_ms / 1000) * prng.next();
        if (arrival < lastArrival) arrival = lastArrival;
        lastArrival = arrival;
        out.push({ sensorId, receivedAt: hostStartMs + arrival * 1000, bytes, firstSampleT: sampleTime(first) });
      }
    },
  };
}
