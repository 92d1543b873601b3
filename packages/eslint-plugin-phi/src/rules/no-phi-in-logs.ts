import { logSinks } from '../sinks/log-sinks.js';
import { sinksFromOptions } from '../sinks/sink.js';
import { checkSinkCalls } from './check-sink-calls.js';
import { createRule } from './create-rule.js';
import { encryptSuggestionMessage } from './encrypt-suggestion.js';
import { defaultSinkRuleOptions, sinkRuleSchema } from './sink-rule-options.js';

/** Reports PHI that reaches console, pino, winston, bunyan or debug output. */
export const noPhiInLogs = createRule({
  name: 'no-phi-in-logs',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow PHI reaching console, process output, pino, winston, bunyan or debug, including through template literals, concatenation, JSON.stringify, String, toString and util.format or util.inspect',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      phiInLog:
        'PHI field "{{field}}" (identifier kind {{kind}}) reaches {{sink}}; log record ids and field names, never values',
      encryptRecord: encryptSuggestionMessage,
    },
    schema: sinkRuleSchema,
    defaultOptions: defaultSinkRuleOptions,
  },
  create(context, [options]) {
    return checkSinkCalls(context, {
      sinks: [...logSinks, ...sinksFromOptions(options.sinks, 'a log')],
      exemptViews: false,
      messageId: 'phiInLog',
    });
  },
});
