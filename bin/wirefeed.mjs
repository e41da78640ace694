#!/usr/bin/env node
// The `wirefeed` command: registers tsx so Node can load the TypeScript CLI, then runs it.
// The tsconfig is named explicitly so the CLI works from any directory, not only the repo.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../lib/cli/main.ts');
