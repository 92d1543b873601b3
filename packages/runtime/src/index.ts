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

export { assertKeyUnused } from './rotation/assert-key-unused.js';
export { countRowsByKey } from './rotation/count-rows-by-key.js';
export { fieldValueType, type SpecFieldType } from './rotation/field-value-type.js';
export { KeyInUseError, type KeyUsage } from './rotation/key-in-use-error.js';
export {
  KeyRetirementError,
  type KeyRetirementProblem,
} from './rotation/key-retirement-error.js';
export type { ReencryptAuditSink } from './rotation/reencrypt-audit-sink.js';
export { ReencryptError, type ReencryptErrorDetails } from './rotation/reencrypt-error.js';
export {
  reencryptTable,
  type ReencryptOptions,
  type ReencryptProgress,
  type ReencryptResult,
} from './rotation/reencrypt-table.js';
export { reencryptTargetOf, type ModelTableMetadata } from './rotation/reencrypt-target-of.js';
export type { EncryptedColumn, ReencryptTarget } from './rotation/reencrypt-target.js';
export { retireKey, type KeyRetirement } from './rotation/retire-key.js';
export type { RotationDatabase, RotationStatement } from './rotation/rotation-database.js';

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
export { decide } from './policy/decide.js';
export { projectFields } from './policy/project-fields.js';
export { AccessDeniedError, type AccessDeniedDetails } from './errors/access-denied-error.js';

export type { AuditAction, AuditEntry, AuditOutcome } from './audit/audit-entry.js';
export type { AuditRecord } from './audit/audit-record.js';
export type { AuditAlertHook, AuditSink } from './audit/audit-sink.js';
export { AuditAlertError } from './audit/audit-alert-error.js';
export {
  AuditChainVerifier,
  type AuditChainVerifierOptions,
} from './audit/audit-chain-verifier.js';
export { linkAuditRecord, type AuditChainLink } from './audit/audit-chain-link.js';
export {
  defaultCheckpointEvery,
  findAuditCheckpointProblem,
  signAuditCheckpoint,
  type AuditCheckpoint,
} from './audit/audit-checkpoint.js';
export type { AuditDatabase, AuditStatement, AuditTransaction } from './audit/audit-database.js';
export { AuditEntryError } from './audit/audit-entry-error.js';
export { AuditLogError, type AuditLogErrorCode } from './audit/audit-log-error.js';
export { AuditPruneError } from './audit/audit-prune-error.js';
export type {
  AuditPruneRequest,
  AuditPruneResult,
  PrunableAuditLog,
} from './audit/audit-prune-request.js';
export type { AuditChainHead } from './audit/build-audit-record.js';
export {
  encodeAuditCheckpoint,
  encodeAuditRecord,
  genesisHash,
  hashAuditRecord,
  type UnhashedAuditRecord,
  type UnsignedAuditCheckpoint,
} from './audit/canonical-encoding.js';
export { findAuditEntryProblems } from './audit/find-audit-entry-problems.js';
export { JsonlAuditLog, type JsonlAuditLogOptions } from './audit/jsonl-audit-log.js';
export {
  minimumRetentionDays,
  pruneAuditLog,
  type PruneAuditLogOptions,
} from './audit/prune-audit-log.js';
export { SqliteAuditLog, type SqliteAuditLogOptions } from './audit/sqlite-audit-log.js';
export {
  toFhirAuditEvent,
  type FhirAuditEvent,
  type FhirAuditEventAgent,
  type FhirAuditEventEntity,
  type FhirAuditEventOptions,
} from './audit/to-fhir-audit-event.js';
export type {
  AuditChainProblem,
  AuditVerification,
  BrokenAuditRecord,
} from './audit/audit-verification.js';
export { verifyAuditChain } from './audit/verify-audit-chain.js';

export { accessRequestOf } from './http/access-request-of.js';
export { HttpArgumentError } from './http/http-argument-error.js';
export type { HttpMiddleware, NextFunction } from './http/http-middleware.js';
export {
  MemorySessionStore,
  type MemorySessionStoreOptions,
} from './http/memory-session-store.js';
export { phiAccess, type Authenticate, type PhiAccessOptions } from './http/phi-access.js';
export { requestIdOf } from './http/request-id.js';
export { requireTls, type RequireTlsOptions } from './http/require-tls.js';
export type { SessionCookieOptions } from './http/session-cookie-options.js';
export { SessionManager, type FailedLogin } from './http/session-manager.js';
export type { SessionManagerOptions } from './http/session-manager-options.js';
export type { SessionStore } from './http/session-store.js';
export type { StoredSession } from './http/stored-session.js';

export type * as fhir4 from 'fhir/r4.js';
export type {
  FhirFieldMapping,
  FhirFieldType,
  FhirMapping,
  FhirPathCondition,
  FhirPathStep,
} from './fhir/fhir-mapping.js';
export {
  elementOf,
  elementsOf,
  isResourceType,
  resourceTypes,
  type R4Element,
} from './fhir/r4-elements.js';
export { readPath, removePath, writePath, selectPath, type PathItem } from './fhir/fhir-path.js';
export { parseFhirJson, stringifyFhirJson } from './fhir/fhir-json.js';
export { decimalText, setDecimalText } from './fhir/decimal-text.js';
export { FhirJsonError } from './fhir/fhir-json-error.js';
export {
  BundleIndex,
  type BundleIndexEntry,
  type ResolvedReference,
} from './fhir/bundle-index.js';
export {
  FhirMappingError,
  type FhirMappingErrorCode,
  type FhirMappingErrorDetails,
} from './fhir/fhir-mapping-error.js';
export { dataAbsentReasonUrl, toFhirResource, type ToFhirOptions } from './fhir/to-fhir.js';
export { fromFhirResource, type FromFhirOptions } from './fhir/from-fhir.js';
export { missingRequiredElements } from './fhir/check-cardinality.js';

export type { DeidAction, DeidFieldRule, DeidModelRules } from './deid/deid-rule.js';
export { deidentifyRecord } from './deid/deidentify-record.js';
export { SafeHarbor, type SafeHarborOptions } from './deid/safe-harbor.js';
export { DeidInputError, type DeidInputProblem } from './deid/deid-input-error.js';
export {
  deidentifyStream,
  type DeidProgress,
  type DeidStreamOptions,
  type DeidStreamResult,
} from './deid/deid-stream.js';
export type { DeidElementKind, DeidSummary } from './deid/deid-summary.js';
export {
  FhirDeidentifier,
  type FhirDeidentifierOptions,
  type FhirDeidOverride,
} from './deid/fhir-deidentifier.js';
export type { LinkageStore } from './deid/linkage-store.js';
export { Pseudonymizer, type PseudonymizerOptions } from './deid/pseudonymizer.js';
export {
  SqliteLinkageStore,
  type LinkageDatabase,
  type LinkageStatement,
} from './deid/sqlite-linkage-store.js';
