/** An authenticated user acting in one role. */
export interface Subject {
  /** Stable id of the user account; audit records name it. */
  readonly userId: string;
  readonly role: string;
  /** The organization (tenant record id) the user acts for; `organization` scope needs it. */
  readonly organizationId?: string | undefined;
  /** For a patient user, the id of their own patient record; `self` scope needs it. */
  readonly patientId?: string | undefined;
}

/** One request for access: who asks, and why (45 CFR 164.502(b) minimum necessary). */
export interface AccessRequest {
  readonly subject: Subject;
  /** HL7 v3 PurposeOfUse code such as TREAT, HPAYMT or BTG (break-glass). */
  readonly purposeOfUse?: string | undefined;
  /** Why break-glass access is needed; required with purpose BTG, audited with the access. */
  readonly reason?: string | undefined;
}

/** Whose record a target is, as its row links resolve: its patient and its organization. */
export interface RecordLinks {
  readonly patientId: string | null;
  readonly organizationId: string | null;
}
