/**
 * What `gaitd run` and `gaitd replay` share: start the daemon, wait for its source to end or for
 * SIGINT/SIGTERM, then stop it (settle, commit, drain the outbox for a bounded time).
 */
import type { Logger } from 'pino';
import type { GaitdService, StopReport } from '../../daemon/gaitd.ts';

export async function runUntilSignal(
  daemon: GaitdService,
  log: Logger,
  hooks: { onStarted?: () => void } = {},
): Promise<{ report: StopReport; signal: NodeJS.Signals | undefined }> {
  let signal: NodeJS.Signals | undefined;
  let wake: () => void = () => {};
  const signalled = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (s: NodeJS.Signals) => {
    if (signal) {
      // A second signal while stopping: leave now (everything committed so far is safe in the journal).
      log.warn({ signal: s }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    signal = s;
    log.info({ signal: s }, 'stopping');
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await daemon.start();
    hooks.onStarted?.();
    let failure: unknown;
    await Promise.race([daemon.finished.catch((err: unknown) => (failure = err)), signalled]);
    const report = await daemon.shutdown();
    if (failure !== undefined) throw failure;
    return { report, signal };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
