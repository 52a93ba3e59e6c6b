/** The CLI as a separate process (for lock and kill tests), run from source: `node --import tsx cli-child.ts ...`. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
