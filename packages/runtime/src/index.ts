// The public surface of @hspec/runtime: what generated code and applications import.

export type { BlindIndex } from './phi/blind-index.js';
export type { DateTime } from './phi/date-time.js';
export type { Decimal } from './phi/decimal.js';
export type { Envelope } from './phi/envelope.js';
export { identifierKinds, type IdentifierKind } from './phi/identifier-kind.js';
export type { IsoDate } from './phi/iso-date.js';
export type { JsonValue } from './phi/json-value.js';
export type { PhiKind } from './phi/phi-kind.js';
export type { Phi } from './phi/phi.js';
export type { Sensitive } from './phi/sensitive.js';
export type { ValueType, ValueTypes } from './phi/value-type.js';

export type { BlindIndexTarget } from './crypto/blind-index-target.js';
export { FieldCipher } from './crypto/field-cipher.js';
export type { FieldContext } from './crypto/field-context.js';
export { isEnvelope } from './crypto/is-envelope.js';
export { normalizeForLookup } from './crypto/normalize-for-lookup.js';

export { createKeyringFile } from './keys/create-keyring-file.js';
export { EnvKeyProvider, type EnvKeyProviderOptions } from './keys/env-key-provider.js';
export { FileKeyProvider } from './keys/file-key-provider.js';
export { isKeyId, keyIdPattern } from './keys/is-key-id.js';
export type { KeyMaterial } from './keys/key-material.js';
export type { KeyProvider } from './keys/key-provider.js';
export { Keyring } from './keys/keyring.js';
export type { KeyringData } from './keys/keyring-data.js';
export { parseKeyring } from './keys/parse-keyring.js';
export { readKeyringFile } from './keys/read-keyring-file.js';
export { rotateKeyringFile, type KeyRotation } from './keys/rotate-keyring-file.js';

export { AlreadyEncryptedError } from './errors/already-encrypted-error.js';
export { DecryptError } from './errors/decrypt-error.js';
export { EnvelopeFormatError } from './errors/envelope-format-error.js';
export { FieldContextError } from './errors/field-context-error.js';
export {
  FieldValidationError,
  type FieldRule,
  type FieldValidationErrorDetails,
} from './errors/field-validation-error.js';
export { HspecRuntimeError } from './errors/hspec-runtime-error.js';
export { KeyNotFoundError } from './errors/key-not-found-error.js';
export { KeyringError } from './errors/keyring-error.js';
export { ValueTypeError } from './errors/value-type-error.js';

export { actions, type Action, type Scope } from './policy/action.js';
export type { AccessRequest, RecordLinks, Subject } from './policy/access-request.js';
export type { CompiledGrant, CompiledPolicy, CompiledRole } from './policy/compiled-policy.js';
export type { Decision, DecisionReason } from './policy/decision.js';
export { AccessDeniedError, type AccessDeniedDetails } from './errors/access-denied-error.js';

export type { AuditAction, AuditEntry, AuditOutcome } from './audit/audit-entry.js';
export type { AuditRecord } from './audit/audit-record.js';
export type { AuditAlertHook, AuditSink } from './audit/audit-sink.js';
