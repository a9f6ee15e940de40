import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactUuid, GAITD_PROFILE, samplesForAttMtu } from '../../src/protocol/gatt.ts';
import { PROJECT_ROOT } from '../helpers/data.ts';

const spec = readFileSync(join(PROJECT_ROOT, 'firmware-protocol/SPEC.md'), 'utf8');

describe('GATT profile', () => {
  it('uses exactly the UUIDs the SPEC table names', () => {
    const row = (name: string) => spec.split('\n').find((l) => l.includes(`| ${name} `)) ?? '';
    expect(row('**gaitd IMU**')).toContain(GAITD_PROFILE.imuService);
    expect(row('IMU Data')).toContain(GAITD_PROFILE.imuData);
    expect(row('Control Point')).toContain(GAITD_PROFILE.controlPoint);
    expect(row('Status')).toContain(GAITD_PROFILE.status);
    expect(row('Protocol Info')).toContain(GAITD_PROFILE.protocolInfo);
    expect(spec).toContain(`\`${GAITD_PROFILE.protocolString}\``);
  });

  it('the little-endian service UUID bytes in the SPEC are the UUID reversed', () => {
    const reversed = compactUuid(GAITD_PROFILE.imuService).match(/../g)?.reverse().join(' ');
    expect(spec).toContain(`\`${reversed}\``);
  });

  it('samples per packet: 1 at the default MTU, 19 with DLE, never a packet over the payload', () => {
    expect(samplesForAttMtu(23)).toBe(1);
    expect(samplesForAttMtu(247)).toBe(19);
    expect(samplesForAttMtu(22)).toBe(0);
    for (let mtu = 23; mtu <= 517; mtu++) {
      const n = samplesForAttMtu(mtu);
      expect(8 + 12 * n).toBeLessThanOrEqual(mtu - 3);
      if (n < 19) expect(8 + 12 * (n + 1)).toBeGreaterThan(mtu - 3);
    }
  });
});
