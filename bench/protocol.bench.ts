/**
 * Protocol decoder throughput, samples/s on one core (target ≥ 1,000,000: three sensors at
 * 400 Hz are 1,200 samples/s, so this leaves the pipeline nearly the whole core).
 * Realistic packets: 5 samples (default MTU-ish latency-bound packets) and 19 (full DLE payload),
 * with walking-like values. Also reports the DataView decoder the byte-arithmetic one replaced.
 */
import { decodePacket, encodePacket, type ImuPacket } from '../src/protocol/packet.ts';
import type { BenchRow } from './run.ts';

const TARGET_SAMPLES_PER_S = 1_000_000;

function walkingPackets(samplesPerPacket: number, count: number): Uint8Array[] {
  const packets: Uint8Array[] = [];
  let sample = 0;
  for (let k = 0; k < count; k++) {
    const samples = new Int16Array(samplesPerPacket * 6);
    for (let i = 0; i < samplesPerPacket; i++, sample++) {
      const phase = (2 * Math.PI * sample) / 110; // ~1.1 s stride at 100 Hz
      samples.set(
        [
          Math.round(800 * Math.sin(phase)),
          Math.round(300 * Math.sin(2 * phase)),
          Math.round(4096 + 1500 * Math.cos(2 * phase)),
          Math.round(200 * Math.sin(phase + 1)),
          Math.round(9000 * Math.sin(phase)),
          Math.round(150 * Math.cos(phase)),
        ],
        i * 6,
      );
    }
    const packet: ImuPacket = {
      version: 1,
      seq: k & 0xffff,
      tick: (k * samplesPerPacket * 327.68) >>> 0,
      accRangeCode: 2,
      gyrRangeCode: 4,
      rateCode: 1,
      fifoOverrun: false,
      samples,
    };
    packets.push(encodePacket(packet));
  }
  return packets;
}

/** The previous decodePacket (commit 7fb12ac, DataView per call), kept only as the comparison point. */
function decodeWithDataView(bytes: Uint8Array): number {
  if (bytes.length < 20) return -1;
  if (bytes[0] >> 5 !== 1) return -1;
  const n = bytes[0] & 0x1f;
  if (n < 1 || n > 19 || bytes.length !== 8 + n * 12) return -1;
  const flags = bytes[1];
  const gyrRangeCode = (flags >> 2) & 0x07;
  if (gyrRangeCode >= 5) return -1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Int16Array(n * 6);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(8 + 2 * i, true);
  const packet = {
    version: 1,
    seq: view.getUint16(2, true),
    tick: view.getUint32(4, true),
    accRangeCode: flags & 0x03,
    gyrRangeCode,
    rateCode: (flags >> 5) & 0x03,
    fifoOverrun: (flags & 0x80) !== 0,
    samples,
  };
  return packet.seq + packet.samples[0];
}

/** Decodes the packets round-robin for about `seconds`, returns samples per second. */
function measure(packets: Uint8Array[], samplesPerPacket: number, decode: (b: Uint8Array) => number, seconds: number) {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += decode(packets[i % packets.length]); // warm-up (JIT)
  let decoded = 0;
  const start = process.hrtime.bigint();
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budgetNs) {
    for (let i = 0; i < packets.length; i++) sink += decode(packets[i]);
    decoded += packets.length;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink); // keeps the work observable
  return (decoded * samplesPerPacket) / (Number(elapsed) / 1e9);
}

const decodeCurrent = (b: Uint8Array): number => {
  const r = decodePacket(b);
  return r.ok ? r.packet.seq + r.packet.samples[0] : -1;
};

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [5, 19]) {
    const packets = walkingPackets(n, 1024);
    rows.push({
      name: `protocol: decodePacket, ${n}-sample packets`,
      value: measure(packets, n, decodeCurrent, 1),
      unit: 'samples/s',
      target: TARGET_SAMPLES_PER_S,
      higherIsBetter: true,
      note: 'one core, includes the Int16Array allocation per packet',
    });
    rows.push({
      name: `protocol: DataView decoder (before), ${n}-sample packets`,
      value: measure(packets, n, decodeWithDataView, 0.5),
      unit: 'samples/s',
      note: 'comparison only',
    });
  }
  return rows;
}
