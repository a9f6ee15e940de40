/** The waist's gap bridging is the shared one (src/gait/dsp/gaps.ts). */
export { type BridgedSignal, bridgeShortGaps, MAX_BRIDGE_S } from '../dsp/gaps.ts';
