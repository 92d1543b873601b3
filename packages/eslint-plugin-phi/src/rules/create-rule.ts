import { ESLintUtils } from '@typescript-eslint/utils';

/** The `meta.docs` fields of the plugin's rules. */
export interface PhiRuleDocs {
  /** The rule is on in the recommended config. */
  readonly recommended: boolean;
  /** The rule reads types, so it needs `parserOptions.projectService` or `project`. */
  readonly requiresTypeChecking: boolean;
}

/** Creates a rule of the plugin, with `meta.docs.url` pointing at its page under docs/rules. */
export const createRule = ESLintUtils.RuleCreator<PhiRuleDocs>(
  (name) => `https://github.com/hspec/hspec/blob/main/docs/rules/${name}.md`,
);
