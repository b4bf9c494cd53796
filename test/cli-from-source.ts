/**
 * The CLI run from its TypeScript sources, for tests that need it as a process of its own:
 *   node --import tsx test/cli-from-source.ts run …
 */
import { main } from '../src/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
