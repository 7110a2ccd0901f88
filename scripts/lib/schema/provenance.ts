// Where a published entry came from (issue #13 item 5): the batch file a court sent it in, that
// file's SHA-256 and the court whose key signed it, the day the file was received, and the list
// versions that first published it and last changed it. Written by the pipeline, never read from
// a batch; the labels are the columns' headers in entries.csv and the words on the entry page.

export const PROVENANCE_LABELS = {
  sourceFile: '来源批次文件',
  sourceSha256: '批次文件SHA-256',
  signedBy: '批次签名法院',
  receivedOn: '批次收到日期',
  firstPublishedVersion: '首次发布版本',
  lastChangedVersion: '最近变更版本',
} as const;

export type ProvenanceField = keyof typeof PROVENANCE_LABELS;

export const PROVENANCE_FIELDS = Object.keys(PROVENANCE_LABELS) as ProvenanceField[];

export interface Provenance {
  /** The batch file's name in content/entries/ (no folder). */
  sourceFile: string;
  /** SHA-256 of the batch file's bytes, lower-case hex: a unit can ask the court whether it sent that file. */
  sourceSha256: string;
  /** The court (content/courts.json) whose key signed the batch; absent for an unsigned batch. */
  signedBy?: string;
  /**
   * The build date (`--today`) of the first build of this output folder that read a file with
   * these exact bytes (content/README.md, "Provenance"); kept in <out>/ledger/batches.json.
   */
  receivedOn: string;
  /** The list version (the change feed's last seq after a publication) that first published the entry, by its latest ADD. */
  firstPublishedVersion: number;
  /** The list version that last changed its public data: its latest ADD or MOD. */
  lastChangedVersion: number;
}
