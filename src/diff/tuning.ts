/** How diff divides its work; every value can be changed with an option of the same name. */
export interface DiffTuning {
  /** A segment with at most this many rows on each side is fetched and compared row by row. */
  readonly leafRows: number;
  /**
   * Key values sent per request when cutting a segment into buckets: a one-column key gets up to
   * this many boundaries, a two-column key half as many. It keeps every statement far below SQL
   * Server's 2,100 parameters.
   */
  readonly keyValuesPerRequest: number;
  /** Segments compared at once per table. */
  readonly concurrency: number;
}

export const DEFAULT_TUNING: DiffTuning = {
  leafRows: 32,
  keyValuesPerRequest: 1000,
  concurrency: 4,
};

/** Rows listed per table and category in reports, unless `--max-rows` says otherwise. */
export const DEFAULT_MAX_ROWS = 100;
