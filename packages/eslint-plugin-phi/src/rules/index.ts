import { noPhiInLogs } from './no-phi-in-logs.js';
import { noPhiInResponse } from './no-phi-in-response.js';
import { noUnencryptedPhiWrite } from './no-unencrypted-phi-write.js';

/** The rules of eslint-plugin-phi by name. */
export const rules = {
  'no-unencrypted-phi-write': noUnencryptedPhiWrite,
  'no-phi-in-logs': noPhiInLogs,
  'no-phi-in-response': noPhiInResponse,
};
