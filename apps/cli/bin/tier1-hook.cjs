#!/usr/bin/env node
'use strict';
// The hook through @tier1/cli, so that installing the CLI alone puts tier1-hook beside tier1 in
// the project's node_modules/.bin (pnpm links the bins of direct dependencies only), which is
// what `tier1 hooks install` writes into .claude/settings.json. See docs/hook-runner.md.
require('@tier1/hook-runner/bin/tier1-hook.cjs');
