import { checkPurpose } from './check-roles.js';
import { suggest } from './did-you-mean.js';
import type { IssueReporter } from './issue-reporter.js';
import type { NameRef, SpecDraft, TestDraft } from './spec-draft.js';
import type { SpecIndex } from './spec-index.js';

/**
 * Checks policy tests: unique names; real roles, models, fields and purposes; and field lists
 * only on allowed reads.
 */
export function checkTests(draft: SpecDraft, index: SpecIndex, reporter: IssueReporter): void {
  const names = new Map<string, TestDraft>();

  for (const test of draft.tests) {
    if (test.name !== undefined) {
      const first = names.get(test.name);
      if (first === undefined) names.set(test.name, test);
      else {
        const message = `test "${test.name}" is defined twice; test names must be unique`;
        reporter.report('spec.duplicate-test', message, [...test.path, 'name'], 'value', {
          path: [...first.path, 'name'],
          mode: 'value',
        });
      }
    }

    if (test.role !== undefined && !index.roles.has(test.role)) {
      const message = suggest(
        `unknown role "${test.role}" in test`,
        test.role,
        [...index.roles.keys()],
      );
      reporter.report('spec.unknown-role', message, [...test.path, 'role'], 'value');
    }
    if (test.purpose !== undefined) {
      checkPurpose({ name: test.purpose, path: [...test.path, 'purpose'] }, index, reporter);
    }

    checkFieldLists(test, index, reporter);
  }
}

function checkFieldLists(test: TestDraft, index: SpecIndex, reporter: IssueReporter): void {
  if (test.model !== undefined && !index.models.has(test.model)) {
    const message = suggest(
      `unknown model "${test.model}" in test`,
      test.model,
      [...index.models.keys()],
    );
    reporter.report('spec.unknown-model', message, [...test.path, 'model'], 'value');
  }

  const lists: [string, readonly NameRef[] | undefined][] = [
    ['fields', test.fields],
    ['withoutFields', test.withoutFields],
  ];
  const readAllowed = test.action === 'read' && test.expect === 'allow';
  const model = index.models.get(test.model ?? '');
  const fieldNames = model?.fields.map((field) => field.name) ?? [];

  for (const [key, list] of lists) {
    if (list === undefined) continue;
    if (!readAllowed && test.action !== undefined && test.expect !== undefined) {
      const message = `"${key}" checks what an allowed read returns; use it with action read and expect allow`;
      reporter.report('spec.invalid-test', message, [...test.path, key], 'key');
    }
    if (model === undefined) continue;

    for (const field of list) {
      if (fieldNames.includes(field.name)) continue;
      const message = suggest(
        `unknown field "${field.name}" in model "${model.name}"`,
        field.name,
        fieldNames,
      );
      reporter.report('spec.unknown-field', message, field.path, 'value');
    }
  }

  const expected = new Set((test.fields ?? []).map((field) => field.name));
  for (const field of test.withoutFields ?? []) {
    if (!expected.has(field.name)) continue;
    const message = `field "${field.name}" is in both "fields" and "withoutFields"`;
    reporter.report('spec.invalid-test', message, field.path, 'value');
  }
}
