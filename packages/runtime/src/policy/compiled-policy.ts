import type { Action, Scope } from './action.js';

/** One grant as the decision code reads it: scope, purposes, fields, and whether it is break-glass. */
export interface CompiledGrant {
  readonly scope: Scope;
  /** Purpose-of-use codes the grant is limited to; null means any purpose. */
  readonly purposes: readonly string[] | null;
  /** Fields the grant returns or lets a caller write, in model field order. */
  readonly fields: readonly string[];
  readonly emergency: boolean;
}

/** The grants of one role, by model and then by action (inherited grants included). */
export interface CompiledRole {
  readonly deidentified: boolean;
  readonly grants: {
    readonly [model: string]: { readonly [action in Action]?: readonly CompiledGrant[] };
  };
}

/**
 * A spec's access policy as data: generated code embeds it and the `hspec test` command builds
 * the same value from the spec, so both run the one decision function.
 */
export interface CompiledPolicy {
  readonly purposeOfUse: 'required' | 'optional';
  /** Every purpose-of-use code the policy knows; any other code is denied. */
  readonly purposes: readonly string[];
  readonly roles: { readonly [role: string]: CompiledRole };
  readonly models: {
    readonly [model: string]: { readonly primaryKey: string; readonly fields: readonly string[] };
  };
}
