/**
 * Case 5, git method: disk bytes and time of `hftorrent download --method git` (deduped and not) against
 * HTTP. Measured only once git mode exists in the CLI; until then the case says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '../report/results.js';
import type { CaseContext } from './context.js';

const GIT_DIR = fileURLToPath(new URL('../../src/download/git/', import.meta.url));

/** Git mode is there when its folder has code and the CLI's --method accepts `git`. */
export function gitModeAvailable(): boolean {
  if (!existsSync(GIT_DIR) || !readdirSync(GIT_DIR).some((f) => f.endsWith('.ts'))) return false;
  const cli = fileURLToPath(new URL('../../src/cli/commands/download.ts', import.meta.url));
  return existsSync(cli) && /choices\(\[[^\]]*'git'/.test(readFileText(cli));
}

function readFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export async function gitCase(_ctx: CaseContext): Promise<CaseResult> {
  return {
    name: 'git',
    title: '5. Git method',
    params: {},
    sides: [],
    tables: [],
    targets: [],
    notes: [],
    notMeasured: gitModeAvailable()
      ? 'git mode is present but this bench does not drive it yet'
      : 'git mode not available (src/download/git has no code and `download --method` accepts only http)',
  };
}
