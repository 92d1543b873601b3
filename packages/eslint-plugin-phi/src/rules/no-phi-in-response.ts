import { requestSinks, responseSinks } from '../sinks/response-sinks.js';
import { sinksFromOptions } from '../sinks/sink.js';
import { checkSinkCalls } from './check-sink-calls.js';
import { createRule } from './create-rule.js';
import { encryptSuggestionMessage } from './encrypt-suggestion.js';
import { defaultSinkRuleOptions, sinkRuleSchema } from './sink-rule-options.js';

/**
 * Reports PHI that reaches an HTTP response or an outbound request, except in a generated role
 * view, which the policy authorizes.
 */
export const noPhiInResponse = createRule({
  name: 'no-phi-in-response',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow PHI reaching an HTTP response (Express, Fastify, node:http) or an outbound request (fetch, axios, node:http) unless its type is a generated role view (`<Role><Model>View` or `<Role><Model>EmergencyView` from the generated policy.ts, or `<Model>View` from the generated repositories), an array of one, or a page of them, which the policy authorizes',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      phiInResponse:
        'PHI field "{{field}}" (identifier kind {{kind}}) reaches {{sink}} outside a generated role view; send the view that the repository returns for the role, or leave the field out',
      encryptRecord: encryptSuggestionMessage,
    },
    schema: sinkRuleSchema,
    defaultOptions: defaultSinkRuleOptions,
  },
  create(context, [options]) {
    return checkSinkCalls(context, {
      sinks: [
        ...responseSinks,
        ...requestSinks,
        ...sinksFromOptions(options.sinks, 'a response or outbound request'),
      ],
      exemptViews: true,
      messageId: 'phiInResponse',
    });
  },
});
