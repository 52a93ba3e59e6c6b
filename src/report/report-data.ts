/**
 * What the report shows, as plain numbers: every figure of the page is drawn from one of these fields, and the
 * table under each chart lists the same rows. `queries.ts` fills it from the catalog; nothing here knows SQL.
 */

/** One bar of a category chart: a license, a library, a task... `key` "other" sums the categories past the top. */
export interface Count {
  key: string;
  count: number;
}

export interface SnapshotFacts {
  id: number;
  endpoint: string;
  status: string;
  queryMode: string;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  /** Distinct models stored. */
  models: number;
}

export interface SelectionFacts {
  method: string;
  shrinkage: number | null;
  top: number | null;
  /** Models selected (the cut-off rank). */
  count: number;
  /** Models in the snapshot it ranked. */
  total: number;
  createdAt: string;
  /** Downloads (last 30 days) of the selected models, and of every model in the snapshot. */
  downloadsSelected: number;
  downloadsAll: number;
}

/** A bin on a log axis: `[lower, upper)`. */
export interface LogBin {
  lower: number;
  upper: number;
  count: number;
}

export interface LineageFacts {
  /** Base-model edges per relation (`unknown`: neither the tag nor the card names one). */
  edgesByRelation: Count[];
  /** Models per chain depth (1: its base has no base). */
  depths: Array<{ depth: number; count: number }>;
  /** The bases with the most direct children, with their descendants over every generation. */
  topBases: Array<{ id: string; children: number; descendants: number }>;
}

export interface DownloadFacts {
  byState: Array<{ state: string; repos: number; bytes: number }>;
  reasons: Array<{ state: string; reason: string; repos: number }>;
  /** Content bytes verified, and what they take on disk (git clones record their own; HTTP: the same). */
  contentBytes: number;
  diskBytes: number;
  /** Bytes of the repos that finished in each time bucket of the run. */
  throughput: Array<{ start: string; repos: number; bytes: number }>;
  bucketSeconds: number;
  largest: Array<{ id: string; state: string; files: number; bytes: number }>;
}

export interface SnapshotHistoryRow {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  listed: number;
  models: number;
  /** Whether its model rows were replaced by a newer snapshot's (only its counts remain). */
  pruned: boolean;
}

export interface ReportData {
  generatedAt: string;
  catalogPath: string;
  snapshot: SnapshotFacts | null;
  /**
   * Why the snapshot's relation tables (licenses, libraries, languages, architectures, parameters, lineage)
   * are not derived, when they are not: those figures are then empty. Null when they are.
   */
  relationsMissing: string | null;
  selection: SelectionFacts | null;
  createdPerMonth: Array<{ month: string; count: number }>;
  /** Downloads at log-spaced ranks (1-based), models with downloads > 0 only. */
  downloadsByRank: Array<{ rank: number; downloads: number }>;
  zeroDownloads: number;
  /** Models per (downloads, likes) cell: each a bin index of value + 1 on a log axis (`cellEdges`). */
  likesVsDownloads: Array<{ downloads: number; likes: number; count: number }>;
  licenses: Count[];
  libraries: Count[];
  tasks: Count[];
  architectures: Count[];
  modelTypes: Count[];
  languages: Count[];
  parameters: LogBin[];
  parametersUnknown: number;
  access: Count[];
  lineage: LineageFacts;
  download: DownloadFacts | null;
  snapshots: SnapshotHistoryRow[];
}
