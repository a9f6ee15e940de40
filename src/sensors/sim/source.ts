/**
 * Real-time paced simulator for the live daemon: emits the walker's notifications when their
 * arrival time comes, in batches on a timer, like BLE notifications reaching the host.
 */
import type { RawNotification } from '../types.ts';
import type { SimSensorInfo } from './sensor-model.ts';
import type { GroundTruth } from './truth.ts';
import { createWalker, type WalkerOptions } from './walker.ts';

export interface SimSourceOptions extends Omit<WalkerOptions, 'hostStartMs'> {
  /** Simulated seconds per wall-clock second (default 1). */
  readonly speed?: number;
  /** Timer period, ms (default 20: one batch per BLE-ish connection interval or two). */
  readonly tickMs?: number;
  /** Wall clock, injectable for tests (default Date.now). */
  readonly now?: () => number;
  /** Called once after the last notification of the walk. */
  readonly onEnd?: () => void;
}

export interface SimSource {
  readonly sensors: readonly SimSensorInfo[];
  readonly groundTruth: GroundTruth;
  /**
   * Starts emitting. `receivedAt` is on the simulated host clock: the wall clock at start plus
   * simulated time, which equals the wall clock when speed = 1.
   */
  start(onNotification: (notification: RawNotification) => void): void;
  /** Stops the timer; no notification is delivered after stop() returns. */
  stop(): void;
}

export function createSimSource(options: SimSourceOptions): SimSource {
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? 20;
  const now = options.now ?? Date.now;
  if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`speed ${speed} must be a positive number`);
  if (!(tickMs > 0)) throw new RangeError(`tickMs ${tickMs} must be positive`);
  // The walker runs on host time 0; start() shifts every arrival onto the wall clock of that moment.
  const walker = createWalker({ ...options, hostStartMs: 0 });
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  const stop = () => {
    running = false;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  return {
    sensors: walker.sensors,
    get groundTruth() {
      return walker.groundTruth;
    },
    start(onNotification) {
      if (running) throw new Error('sim source already started');
      running = true;
      const wallStart = now();
      const iterator = walker.notifications()[Symbol.iterator]();
      let next = iterator.next();
      const pump = () => {
        const simulatedMs = (now() - wallStart) * speed;
        while (running && !next.done && next.value.receivedAt <= simulatedMs) {
          const { sensorId, receivedAt, bytes } = next.value;
          onNotification({ sensorId, receivedAt: wallStart + receivedAt, bytes });
          next = iterator.next();
        }
        if (next.done && running) {
          stop();
          options.onEnd?.();
        }
      };
      timer = setInterval(pump, tickMs);
      pump();
    },
    stop,
  };
}
