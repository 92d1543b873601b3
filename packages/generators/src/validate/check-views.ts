import { suggest } from './did-you-mean.js';
import type { IssueReporter } from './issue-reporter.js';
import type { SpecDraft } from './spec-draft.js';
import type { SpecIndex } from './spec-index.js';

/** Checks that each view names a real model and real fields of it. */
export function checkViews(draft: SpecDraft, index: SpecIndex, reporter: IssueReporter): void {
  for (const view of draft.views) {
    if (view.model === undefined) continue;

    const model = index.models.get(view.model);
    if (model === undefined) {
      const unknown = `unknown model "${view.model}" in view "${view.name}"`;
      const message = suggest(unknown, view.model, [...index.models.keys()]);
      reporter.report('spec.unknown-model', message, [...view.path, 'model'], 'value');
      continue;
    }

    const fieldNames = model.fields.map((field) => field.name);
    for (const field of view.fields ?? []) {
      if (fieldNames.includes(field.name)) continue;
      const message = suggest(
        `unknown field "${field.name}" in model "${model.name}"`,
        field.name,
        fieldNames,
      );
      reporter.report('spec.unknown-field', message, field.path, 'value');
    }
  }
}
