/**
 * The virtual walker as a `SensorSource` (src/sensors/source.ts): one walk of the walker, paced
 * by createSimSource, with a control channel that records every command it receives (the
 * walker has no motor), so tests and the demo can see the haptic buzz of an alert.
 */
import type { SensorCommand } from '../../daemon/contract.ts';
import type { SensorSource, SourceOutput } from '../source.ts';
import type { Location } from '../types.ts';
import { createSimSource, type SimSourceOptions } from './source.ts';

export interface RecordedCommand {
  readonly location: Location;
  readonly sensorId: string;
  readonly command: SensorCommand;
  /** Wall-clock ms when the command was received. */
  readonly atMs: number;
}

export interface WalkerSource extends SensorSource {
  readonly kind: 'sim';
  /** Every command sent to a sensor of this walk, oldest first. */
  sentCommands(): readonly RecordedCommand[];
}

export function createWalkerSource(options: Omit<SimSourceOptions, 'onEnd'>): WalkerSource {
  let out: SourceOutput | undefined;
  // createWalker only plans the walk here; the signals are rendered as the walk is paced out.
  const sim = createSimSource({ ...options, onEnd: () => out?.ended() });
  const sensors = sim.sensors.map((s) => ({ sensorId: s.sensorId, location: s.location }));
  const commands: RecordedCommand[] = [];
  let running = false;
  return {
    kind: 'sim',
    sensors,
    async start(output) {
      if (running) throw new Error('walker source already started');
      running = true;
      out = output;
      const now = Date.now();
      for (const s of sensors) output.connection({ ...s, connected: true, atMs: now });
      sim.start((n) => output.notification(n));
    },
    async stop() {
      if (!running) return;
      running = false;
      sim.stop();
      const now = Date.now();
      const last = out;
      out = undefined;
      for (const s of sensors) last?.connection({ ...s, connected: false, atMs: now, reason: 'source stopped' });
    },
    control: {
      async send(location, command) {
        const sensor = sensors.find((s) => s.location === location);
        if (!sensor) {
          return {
            ok: false,
            error: `no simulated sensor at ${location} (this walk has ${sensors.map((s) => s.location).join(', ')})`,
          };
        }
        commands.push({ location, sensorId: sensor.sensorId, command, atMs: Date.now() });
        return { ok: true };
      },
    },
    sentCommands: () => commands,
  };
}
