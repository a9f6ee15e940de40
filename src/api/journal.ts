import { existsSync } from 'node:fs';
import type { Gaitd } from '../daemon/contract.ts';
import { type JournalQueries, openJournalQueries } from '../storage/journal-query.ts';
import { ApiError } from './errors.ts';

/**
 * The API's read-only view of the daemon's journal, opened on first use (the daemon may create the
 * file after the API starts) and kept open; closed with the server.
 */
export interface JournalAccess {
  /** The queries, or an ApiError 503 saying why stored results cannot be read. */
  get(): JournalQueries;
  close(): void;
}

export function journalAccess(gaitd: Gaitd): JournalAccess {
  let queries: JournalQueries | undefined;
  return {
    get() {
      if (queries) return queries;
      const path = gaitd.journalPath;
      if (path === undefined) {
        throw new ApiError(503, 'storage is off: this daemon keeps no journal, so there are no stored sessions');
      }
      if (!existsSync(path)) throw new ApiError(503, 'the journal does not exist yet: no session has been stored');
      const opened = openJournalQueries(path);
      if (!opened.ok) throw new ApiError(503, opened.error);
      queries = opened.queries;
      return queries;
    },
    close() {
      queries?.close();
      queries = undefined;
    },
  };
}
