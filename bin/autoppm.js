#!/usr/bin/env node
'use strict';
// The `autoppm` command. In a source checkout it runs src/cli.ts through tsx; in a built image (no src/)
// it runs the compiled dist/src/cli.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'cli.ts');
let cli;
if (existsSync(source)) {
  // The project's compiler options whatever the working directory (tsx looks for tsconfig.json in it otherwise):
  // class fields assigned in the constructor, as the built image has them (tsconfig.json useDefineForClassFields).
  process.env.TSX_TSCONFIG_PATH ??= join(root, 'tsconfig.json');
  require('tsx/cjs/api').register();
  cli = require(source);
} else {
  cli = require(join(root, 'dist', 'src', 'cli.js'));
}
cli.main(process.argv);
