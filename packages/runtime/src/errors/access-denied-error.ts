import type { Action } from '../policy/action.js';
import type { DecisionReason } from '../policy/decision.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a denied request: what was asked and why it was denied, never a value. */
export interface AccessDeniedDetails {
  readonly role: string;
  readonly action: Action;
  readonly model: string;
  readonly reason: DecisionReason;
}

/** Raised when the policy denies a request. The attempt has been audited before it is thrown. */
export class AccessDeniedError extends HspecRuntimeError {
  declare readonly code: 'access.denied';
  readonly role: string;
  readonly action: Action;
  readonly model: string;
  readonly reason: DecisionReason;

  constructor(details: AccessDeniedDetails) {
    super(
      'access.denied',
      `role "${details.role}" may not ${details.action} ${details.model} (${details.reason})`,
    );
    this.role = details.role;
    this.action = details.action;
    this.model = details.model;
    this.reason = details.reason;
  }
}
