#!/usr/bin/env node
import { rerunWithMalloc } from '../dist/cli/malloc.js';

if (!rerunWithMalloc()) {
  const { main } = await import('../dist/cli/index.js');
  process.exitCode = await main(process.argv.slice(2));
}
