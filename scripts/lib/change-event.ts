// One line of the change feed, its own module: the statistics (stats.ts) read the feed that
// build-state.ts makes, and build-state.ts computes the statistics.
import type { GoneEntry } from './publish-state.ts';

/**
 * One line of the change feed. ADD: an entry became public; MOD: its public data changed;
 * DEL: it left public view (a decision, an expiry, or withheld after a data problem).
 */
export interface ChangeEvent {
  seq: number;
  op: 'ADD' | 'MOD' | 'DEL';
  entryId: string;
  caseNumber: string;
  court: string;
  /** The day it took effect: publication, decision or end of listing. */
  date: string;
  /** When this site first published the event (build time, ISO 8601). */
  recordedAt: string;
  /** DEL: 屏蔽 | 撤销 | 删除 | 期满 | 暂停公开 (withheld after a data problem). */
  type?: GoneEntry['type'] | '暂停公开';
  decisionId?: string;
  docNumber?: string;
  /** DEL by decision: the lawful ground (a code of DELISTING_GROUNDS), so the notice survives the decision file. */
  reason?: GoneEntry['reason'];
  /** Hash of the public data, so a unit can tell whether its copy is current. */
  hash?: string;
}
