import type { Action, AuditIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import type { GeneratedFile } from '../generated-file.js';
import { literalObject, printLiteral } from '../literal-layout.js';
import { repositoriesFolder } from './repository-names.js';

/** The actions in the order of the spec format. */
const actionOrder: readonly Action[] = ['read', 'create', 'update', 'delete', 'export'];

/**
 * Generates `repositories/audit-events.ts`: the audit event that each action writes, taken from
 * the spec's audit section. An action that no event lists is audited as `phi.<action>`, without
 * diff or alert, because every action is audited whether or not the spec names its event.
 */
export function generateAuditEventsFile(
  audit: AuditIR | undefined,
  specFiles: readonly string[],
): GeneratedFile {
  const entries = actionOrder.map((action) => {
    const event = audit?.events.find((candidate) => candidate.actions.includes(action));
    const value = literalObject([
      ['name', event?.name ?? `phi.${action}`],
      ['diff', event?.diff ?? false],
      ['alert', event?.alert ?? false],
    ]);
    return [action, value] as const;
  });
  const events = printLiteral(
    literalObject(entries),
    0,
    'export const auditEvents: { readonly [action in Action]: AuditEvent } = ',
    ';',
    true,
  );

  const lines = [
    ...generatedBanner(specFiles, '//'),
    '',
    "import type { Action } from '@hspec/runtime';",
    '',
    '/** The audit event that one action writes. */',
    'export interface AuditEvent {',
    '  /** The event name from the spec, or `phi.<action>` when no event lists the action. */',
    '  readonly name: string;',
    '  /** True when the record lists the sorted names of the fields whose value changed. */',
    '  readonly diff: boolean;',
    '  /** True when every record of the event raises the audit alert. */',
    '  readonly alert: boolean;',
    '}',
    '',
    '/** The audit event of each action, from the audit section of the spec. */',
    ...events,
  ];
  return { path: `${repositoriesFolder}/audit-events.ts`, contents: `${lines.join('\n')}\n` };
}
