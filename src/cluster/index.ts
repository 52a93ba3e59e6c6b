/** Cluster runs: a plan balanced by bytes, Slurm and Kubernetes job files, per-worker ledgers, merge, progress. */
export { makePlan, defaultInvocation, MAX_WORKERS, type PlanOptions, type PlanResult } from './plan.js';
export {
  readPlan,
  readPlanIfAny,
  type Plan,
  type PlanRepo,
  type PlanWorker,
  type SizeSource,
} from './plan-file.js';
export { balanceByBytes, type Balanced, type Weighted } from './balance.js';
export { sbatchScript, type SlurmOptions } from './sbatch.js';
export { k8sManifest, type K8sOptions } from './k8s.js';
export { downloadWorker, type WorkerDownloadOptions } from './worker-download.js';
export { merge, type MergeSummary } from './merge.js';
export { clusterProgress, type ClusterProgress, type WorkerProgress } from './progress.js';
export { planDir, planFile, sbatchFile, k8sFile, workerLedgerFile } from './layout.js';
