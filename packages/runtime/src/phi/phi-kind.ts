import type { IdentifierKind } from './identifier-kind.js';

/** The kind of a PHI field: a Safe Harbor identifier kind, or `free_text` for clinical notes. */
export type PhiKind = IdentifierKind | 'free_text';
