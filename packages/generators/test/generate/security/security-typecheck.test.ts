import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  MemorySessionStore,
  type AuditEntry,
  type AuditRecord,
  type AuditSink,
  type SessionManager,
} from '@hspec/runtime';
import { describe, expect, it } from 'vitest';

import { generateSecurityFiles } from '../../../src/generate/security/security-file.js';
import { typeCheck, writeGeneratedOutput } from '../support/generated-output.js';
import { specWithSecurity, telehealthSecurity } from './support/security-spec.js';
import { keysOnlyTypeTests, securityTypeTests } from './support/security-type-tests.js';

describe('generated security.ts under tsc --strict', () => {
  it('compiles with its type tests', () => {
    const files = generateSecurityFiles(specWithSecurity());
    const folder = writeGeneratedOutput('typecheck-security', files, [securityTypeTests]);

    expect(typeCheck(folder)).toEqual([]);
  });

  it('compiles without sessions', () => {
    const security = {
      ...telehealthSecurity(),
      sessions: undefined,
      transport: undefined,
      keys: { provider: 'env', path: undefined, rotateAfter: undefined },
    };
    const files = generateSecurityFiles(specWithSecurity(security));
    const folder = writeGeneratedOutput('typecheck-security-keys', files, [keysOnlyTypeTests]);

    expect(typeCheck(folder)).toEqual([]);
  });
});

describe('generated createSessionManager', () => {
  it('logs in with the spec settings', async () => {
    const files = generateSecurityFiles(specWithSecurity());
    const folder = writeGeneratedOutput('runtime-security', files);
    const module = (await import(pathToFileURL(join(folder, 'security.ts')).href)) as {
      createSessionManager(store: MemorySessionStore, audit: AuditSink): SessionManager;
    };
    const entries: AuditEntry[] = [];
    const audit: AuditSink = {
      append: async (entry) => {
        entries.push(entry);
        return entry as AuditRecord;
      },
    };
    const store = new MemorySessionStore();
    const setCookies: string[] = [];
    const res = {
      headersSent: false,
      appendHeader: (_name: string, value: string) => setCookies.push(value),
    };

    try {
      const sessions = module.createSessionManager(store, audit);
      await sessions.login({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, {
        userId: 'ada',
        role: 'physician',
      });
    } finally {
      store.close();
    }
    const attributes = setCookies[0]?.split('; ').slice(1);

    expect(setCookies).toHaveLength(1);
    expect(setCookies[0]).toMatch(/^hspec\.sid=[A-Za-z0-9_-]{43};/);
    expect(attributes).toEqual([
      'Path=/',
      'Max-Age=43200',
      'Secure',
      'HttpOnly',
      'SameSite=Strict',
    ]);
    expect(entries.map((entry) => entry.action)).toEqual(['login']);
  });
});
