#!/usr/bin/env node
// Entry point kept outside dist/ so that package managers can link it before the first build.
await import('../dist/bin.js');
