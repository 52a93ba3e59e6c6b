import { join } from 'node:path';
import { hubDir } from '../catalog/index.js';

/** Where the report goes. */
export function reportPath(dataDir: string): string {
  return join(hubDir(dataDir), 'report', 'index.html');
}
