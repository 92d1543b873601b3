import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { PhiFlow } from '../phi/phi-flow.js';
import { PhiTypeInspector } from '../phi/phi-type-inspector.js';
import { SinkMatcher, type SinkCall } from '../sinks/match-sink.js';
import type { Sink } from '../sinks/sink.js';
import { encryptSuggestion, type encryptSuggestionId } from './encrypt-suggestion.js';

/** The settings of one rule's check of sink calls. */
export interface SinkCheck<MessageId extends string> {
  /** The built-in sinks and those from the rule's options. */
  readonly sinks: readonly Sink[];
  /** Treat generated role views as free of PHI, as the response rule does. */
  readonly exemptViews: boolean;
  /** The messageId of a report. */
  readonly messageId: MessageId;
}

// The default encryptor that messages name when no generated model declares the field.
const fieldCipherEncrypt = 'FieldCipher.encrypt';

/**
 * Builds the listeners that report PHI reaching a sink call: each argument of a matched call is
 * checked on its own and reported at the part of it that carries the PHI.
 */
export function checkSinkCalls<MessageId extends string>(
  context: Readonly<
    TSESLint.RuleContext<MessageId | typeof encryptSuggestionId, readonly unknown[]>
  >,
  check: SinkCheck<MessageId>,
): TSESLint.RuleListener {
  const services = ESLintUtils.getParserServices(context);
  const inspector = PhiTypeInspector.forProgram(services.program, {
    exemptViews: check.exemptViews,
  });
  const flow = new PhiFlow(services, inspector, context.sourceCode);
  const matcher = new SinkMatcher(check.sinks, services, context.sourceCode);

  const checkCall = (call: SinkCall): void => {
    const matched = matcher.match(call);
    if (matched === undefined) return;

    for (const value of matched.values) {
      const finding = flow.find(value);
      if (finding === undefined) continue;

      // A finding in a const's initializer is reported at the argument, where the value leaves.
      const node = isWithin(finding.node, value) ? finding.node : value;
      context.report({
        node,
        messageId: check.messageId,
        data: {
          field: finding.field,
          kind: finding.kind,
          sink: matched.description,
          encryptor: finding.encryptor ?? fieldCipherEncrypt,
        },
        suggest: encryptSuggestion({ context, services }, node, call),
      });
    }
  };

  return {
    CallExpression: checkCall,
    TaggedTemplateExpression: checkCall,
  };
}

function isWithin(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}
