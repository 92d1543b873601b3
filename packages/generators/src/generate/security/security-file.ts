import type { SecurityIR, SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { docComment } from '../doc-comment.js';
import { runtimeModule } from '../field-types.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { printLiteral } from '../literal-layout.js';
import { printSignature } from '../typescript-syntax.js';
import { securitySettingsLiteral } from './security-settings-literal.js';

/** Path of the security module in the output folder. */
export const securityFilePath = 'security.ts';

/**
 * Generates `security.ts` when the spec has a security section, and nothing otherwise. The
 * module exports the settings as a `securitySettings` constant and, when the spec configures
 * sessions, a `createSessionManager` function that builds the runtime's SessionManager with
 * them.
 */
export function generateSecurityFiles(ir: SpecIR): GeneratedFile[] {
  const security = ir.security;
  if (security === undefined) {
    return [];
  }

  // The body is built first because it decides what the module imports.
  const imports = new ImportList(['securitySettings', 'createSessionManager']);
  const settings = securitySettingsLiteral(security);
  const head = 'export const securitySettings = ';
  const body = [
    ...docComment('Security settings of the spec. Durations are in seconds.', 0),
    ...printLiteral(settings, 0, head, ' as const;', true),
    ...sessionManagerFunction(security, imports),
  ];

  const importLines = imports.print();
  const lines = [
    ...generatedBanner([security.source.file], '//'),
    '',
    ...(importLines.length === 0 ? [] : [...importLines, '']),
    ...body,
  ];
  return [{ path: securityFilePath, contents: `${lines.join('\n')}\n` }];
}

/** Prints `createSessionManager`, or nothing when the spec has no sessions subsection. */
function sessionManagerFunction(security: SecurityIR, imports: ImportList): string[] {
  const sessions = security.sessions;
  if (sessions === undefined) {
    return [];
  }

  const sessionManager = imports.value(runtimeModule, 'SessionManager');
  const sessionStore = imports.type(runtimeModule, 'SessionStore');
  const auditSink = imports.type(runtimeModule, 'AuditSink');
  const storeAdvice =
    sessions.store === 'memory'
      ? 'The spec names the memory store, which suits local development only.'
      : 'The spec names a Redis store: pass a SessionStore that keeps sessions in Redis.';
  const summary =
    'Builds the session manager with the timeouts and cookie flags of the spec. Login, ' +
    `logout, failed logins and automatic logoffs go to \`audit\`. ${storeAdvice}`;

  return [
    '',
    ...docComment(summary, 0),
    ...printSignature(
      'export function createSessionManager',
      [`store: ${sessionStore}`, `audit: ${auditSink}`],
      sessionManager,
      0,
    ).map((line, index, all) => (index === all.length - 1 ? `${line} {` : line)),
    '  const { sessions } = securitySettings;',
    `  return new ${sessionManager}({`,
    '    store,',
    '    audit,',
    '    idleTimeout: sessions.idleTimeout,',
    '    absoluteTimeout: sessions.absoluteTimeout,',
    '    rolling: sessions.rolling,',
    '    cookie: sessions.cookie,',
    '  });',
    '}',
  ];
}
