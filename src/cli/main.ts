#!/usr/bin/env node
/**
 * The `randnla` executable (the package's `bin`). Everything happens in {@link run}; this file
 * only hands it the process's arguments and sets the exit code.
 *
 * @module
 */
import { run } from './run.js';

// `randnla … | head`: a closed pipe ends the output quietly, as for any Unix tool.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2));
