import { join } from 'node:path';
import { type Recording, readRecording } from '../../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS } from '../../helpers/data.ts';

/** The gaitmap foot recording shipped with the repo (MIT): 204.8 Hz, motion-capture IC/FC reference. */
export async function gaitmapRecording(): Promise<Recording> {
  const read = await readRecording(join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m'));
  if (!read.ok) throw new Error(read.error);
  return read.recording;
}

/** A rotation matrix (row-major) uniform over SO(3) from three numbers in [0, 1). */
export { rotateSamples as rotate, uniformRotation as randomRotation } from '../../../src/gait/dsp/rotation.ts';
