export { type ChartSpec, HEALTHY_SI_BAND, type ReportSignal, type ReportSignals } from './charts.ts';
export { escapeHtml, renderReport } from './render.ts';
export { reportSignalsFromRecording } from './signals.ts';
