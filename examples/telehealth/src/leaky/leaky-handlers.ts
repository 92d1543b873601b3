// Deliberately leaky code: each function below makes one PHI mistake that eslint-plugin-phi
// reports. The repository lint skips this folder, and the plugin's tests lint it to pin each
// report. Nothing imports these functions; do not copy them into a service.
import type { FieldCipher } from '@hspec/runtime';
import type Database from 'better-sqlite3';
import type { Response } from 'express';

import { decryptPatient, type PatientRow } from '../generated/index.js';

/**
 * Copies a patient into a reporting table after decrypting it, so the PHI columns hold plaintext
 * instead of envelopes.
 */
export function copyPatientToReport(
  database: Database.Database,
  row: PatientRow,
  cipher: FieldCipher,
): void {
  const patient = decryptPatient(row, cipher);
  database
    .prepare('INSERT INTO "patient_report" ("id", "mrn", "ssn") VALUES (@id, @mrn, @ssn)')
    .run(patient);
}

/** Logs a check-in with the patient's SSN in the message. */
export function logCheckIn(row: PatientRow, cipher: FieldCipher): void {
  const patient = decryptPatient(row, cipher);
  console.log(`checked in patient ${patient.ssn}`);
}

/** Sends the whole decrypted patient instead of the caller's role view. */
export function sendPatient(res: Response, row: PatientRow, cipher: FieldCipher): void {
  const patient = decryptPatient(row, cipher);
  res.json(patient);
}
