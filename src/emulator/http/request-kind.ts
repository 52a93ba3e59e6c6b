/** What a request is for; faults and stats are keyed by it. */
export const REQUEST_KINDS = [
  'list',
  'info',
  'tree',
  'paths-info',
  'refs',
  'commits',
  'resolve',
  'resolve-cache',
  'raw',
  'cdn',
  'lfs-batch',
  'git',
  'page',
  'other',
] as const;

export type RequestKind = (typeof REQUEST_KINDS)[number];
