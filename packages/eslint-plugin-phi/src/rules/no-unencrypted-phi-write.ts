import { databaseSinks } from '../sinks/database-sinks.js';
import { fileSinks } from '../sinks/file-sinks.js';
import { sinksFromOptions } from '../sinks/sink.js';
import { checkSinkCalls } from './check-sink-calls.js';
import { createRule } from './create-rule.js';
import { encryptSuggestionMessage } from './encrypt-suggestion.js';
import { defaultSinkRuleOptions, sinkRuleSchema } from './sink-rule-options.js';

/** Reports PHI that reaches a database or a file before it is encrypted. */
export const noUnencryptedPhiWrite = createRule({
  name: 'no-unencrypted-phi-write',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow PHI reaching a database (better-sqlite3, pg, mysql2, knex, Prisma, TypeORM, Sequelize, MongoDB) or a file unless it is encrypted first',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      unencryptedPhiWrite:
        'PHI field "{{field}}" (identifier kind {{kind}}) reaches {{sink}} without encryption; encrypt it with {{encryptor}} first',
      encryptRecord: encryptSuggestionMessage,
    },
    schema: sinkRuleSchema,
    defaultOptions: defaultSinkRuleOptions,
  },
  create(context, [options]) {
    return checkSinkCalls(context, {
      sinks: [...databaseSinks, ...fileSinks, ...sinksFromOptions(options.sinks, 'a write')],
      exemptViews: false,
      messageId: 'unencryptedPhiWrite',
    });
  },
});
