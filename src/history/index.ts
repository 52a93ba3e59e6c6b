export {
  fetchHistory,
  historyRequestEstimate,
  type HistoryOptions,
  type HistorySummary,
} from './fetch-history.js';
