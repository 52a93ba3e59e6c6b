export { select, type SelectOptions, type SelectSummary } from './select.js';
export {
  DEFAULT_SHARDS,
  selectionCount,
  selectionRule,
  shardSizes,
  type SelectionRule,
} from './selection-size.js';
export { splitUrlFileName } from './write-split-urls.js';
