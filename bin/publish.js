#!/usr/bin/env node
// Runs the TypeScript publisher CLI through tsx, so L&D can call `lowband-publish <dir>` directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/publisher/cli.ts');
