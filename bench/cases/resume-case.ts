import type { CaseResult } from '../report/results.js';
import type { CaseContext } from './context.js';
export async function resumeCase(_ctx: CaseContext): Promise<CaseResult> {
  return { name: 'resume', title: '4. Resume', params: {}, sides: [], tables: [], targets: [], notes: [], notMeasured: 'todo' };
}
