import { specDefaults } from '../ir/spec-defaults.js';
import type { SpecPath } from '../loader/spec-path.js';
import { parseDuration } from './durations.js';
import type { IssueReporter } from './issue-reporter.js';
import type { SpecDraft } from './spec-draft.js';

/** Checks session timeouts, cookie attributes and the key provider settings. */
export function checkSecurity(draft: SpecDraft, reporter: IssueReporter): void {
  const security = draft.security;
  if (security === undefined) return;
  const sessionsPath = [...security.path, 'sessions'];
  const sessions = security.sessions;

  if (sessions !== undefined) {
    const idlePath = [...sessionsPath, 'idleTimeout'];
    const absolutePath = [...sessionsPath, 'absoluteTimeout'];
    const idle = positiveDuration(sessions.idleTimeout, idlePath);
    const absolute = positiveDuration(sessions.absoluteTimeout, absolutePath);
    const idleSeconds = idle ?? parseDuration(specDefaults.idleTimeout) ?? 0;
    const absoluteSeconds = absolute ?? parseDuration(specDefaults.absoluteTimeout) ?? 0;

    if (idleSeconds > absoluteSeconds) {
      const idleText = sessions.idleTimeout ?? specDefaults.idleTimeout;
      const absoluteText = sessions.absoluteTimeout ?? specDefaults.absoluteTimeout;
      const message = `idleTimeout ${idleText} is longer than absoluteTimeout ${absoluteText}; the idle timeout must not exceed it`;
      const path = sessions.idleTimeout === undefined ? absolutePath : idlePath;
      reporter.report('spec.invalid-duration', message, path, 'value');
    }

    // Browsers drop a SameSite=None cookie that is not also Secure.
    if (sessions.sameSite === 'none' && sessions.secure === false) {
      const message = 'sameSite none needs secure: true; browsers reject the cookie otherwise';
      const path = [...sessionsPath, 'cookie', 'sameSite'];
      reporter.report('spec.insecure-cookie', message, path, 'value');
    }
  }

  const keys = security.keys;
  if (keys !== undefined) {
    const keysPath = [...security.path, 'keys'];
    positiveDuration(keys.rotateAfter, [...keysPath, 'rotateAfter']);
    if (keys.path !== undefined && keys.provider !== undefined && keys.provider !== 'file') {
      const message = `"path" applies only to the file key provider, not to "${keys.provider}"`;
      reporter.report('spec.property-not-allowed', message, [...keysPath, 'path'], 'key');
    }
  }

  function positiveDuration(text: string | undefined, path: SpecPath): number | undefined {
    if (text === undefined) return undefined;
    const seconds = parseDuration(text);
    if (seconds === 0) {
      const message = `${String(path[path.length - 1])} must be longer than 0`;
      reporter.report('spec.invalid-duration', message, path, 'value');
    }
    return seconds;
  }
}
