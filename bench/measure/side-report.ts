/** What one measured side reports, whether a Node child (side-main.mjs) or a command under /usr/bin/time. */
export interface SideReport<Data = unknown> {
  /** Wall seconds of the work (Node sides: from the start of the work, module loading excluded). */
  workSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  /** Peak resident set of the process, in KiB. */
  maxRssKb: number;
  /**
   * CPU seconds of the side's child processes that ended during the work (git, git-lfs in git mode), from
   * /proc/self/stat's cutime + cstime; 0 where there is none, absent off Linux.
   */
  childrenCpuSeconds?: number;
  /**
   * Block I/O the kernel charged to the process (getrusage's inblock / oublock, 512-byte units): what the side
   * read from and wrote to the storage layer, page cache writeback included.
   */
  diskReadBytes?: number;
  diskWriteBytes?: number;
  /** Resident set when the work started (Node sides), in KiB. */
  startRssKb?: number;
  data?: Data;
  error?: string;
}
