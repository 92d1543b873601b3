import type { Action } from '../ir/spec-ir.js';
import { meetsSixYears, parseRetention } from './durations.js';
import type { IssueReporter } from './issue-reporter.js';
import type { AuditEventDraft, SpecDraft } from './spec-draft.js';

/**
 * Checks the audit section: a retention of at least six years, unique event names, and each
 * action in at most one event, so that every audited action has exactly one event name.
 */
export function checkAudit(draft: SpecDraft, reporter: IssueReporter): void {
  const audit = draft.audit;
  if (audit === undefined) return;

  if (audit.retention !== undefined) {
    const retention = parseRetention(audit.retention);
    if (retention !== undefined && !meetsSixYears(retention)) {
      const message = `retention ${audit.retention} is shorter than the six years of 45 CFR 164.316(b)(2); use 6y or more`;
      reporter.report('spec.retention-too-short', message, [...audit.path, 'retention'], 'value');
    }
  }

  const names = new Map<string, AuditEventDraft>();
  const actions = new Map<Action, AuditEventDraft>();
  for (const event of audit.events) {
    if (event.name !== undefined) {
      const first = names.get(event.name);
      if (first === undefined) names.set(event.name, event);
      else {
        const message = `audit event "${event.name}" is defined twice`;
        reporter.report('spec.duplicate-audit-event', message, [...event.path, 'name'], 'value', {
          path: [...first.path, 'name'],
          mode: 'value',
        });
      }
    }

    for (const action of event.actions) {
      const first = actions.get(action);
      if (first === undefined) {
        actions.set(action, event);
        continue;
      }
      const message = `action "${action}" is already in audit event "${first.name ?? ''}"; each action belongs to one event`;
      reporter.report('spec.duplicate-audit-action', message, [...event.path, 'actions'], 'value', {
        path: [...first.path, 'actions'],
        mode: 'value',
      });
    }
  }
}
