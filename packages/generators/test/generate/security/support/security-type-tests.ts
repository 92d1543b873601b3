import type { GeneratedFile } from '../../../../src/generate/generate-files.js';

/**
 * A module compiled beside the generated `security.ts` of the telehealth spec: each
 * `@ts-expect-error` line must fail to compile, and every other line must compile.
 */
export const securityTypeTests: GeneratedFile = {
  path: 'type-tests.ts',
  contents: `import { MemorySessionStore, type AuditSink, type SessionManager } from '@hspec/runtime';

import { createSessionManager, securitySettings } from './security.js';

declare const audit: AuditSink;

const store = new MemorySessionStore();
export const sessions: SessionManager = createSessionManager(store, audit);

// Settings keep their literal values, so application code can rely on them.
export const idleTimeout: 900 = securitySettings.sessions.idleTimeout;
export const sameSite: 'strict' = securitySettings.sessions.cookie.sameSite;
export const requireTls: true = securitySettings.transport.requireTls;
export const rotateAfter: 7776000 = securitySettings.keys.rotateAfter;

// The settings are read-only.
// @ts-expect-error
securitySettings.sessions.idleTimeout = 60;

// The store cannot be left out.
// @ts-expect-error
export const withoutStore = createSessionManager(audit);
`,
};

/** Type tests beside a security section without sessions: there is no session factory. */
export const keysOnlyTypeTests: GeneratedFile = {
  path: 'type-tests.ts',
  contents: `import * as security from './security.js';

export const provider: 'env' = security.securitySettings.keys.provider;

// @ts-expect-error
export const factory = security.createSessionManager;
`,
};
