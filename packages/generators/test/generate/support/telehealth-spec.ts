import type { ProjectIR, SpecIR } from '../../../src/ir/spec-ir.js';
import { field, idField, model, spec } from './ir-builders.js';

/** Builds the models of the telehealth example spec by hand, as the IR builder would. */
export function telehealthSpec(database: ProjectIR['database'] = 'sqlite'): SpecIR {
  const organization = model(
    'Organization',
    [idField(), field('name', 'string'), field('npi', 'string', { pattern: '^[0-9]{10}$' })],
    { table: 'organizations', tenant: true },
  );

  const patient = model(
    'Patient',
    [
      idField(),
      field('organizationId', 'uuid', { references: 'Organization' }),
      field('mrn', 'string', { phi: 'medical_record_number', lookup: 'exact' }),
      field('givenName', 'string', { phi: 'name' }),
      field('familyName', 'string', { phi: 'name', lookup: 'exact' }),
      field('birthDate', 'date', { phi: 'date' }),
      field('sex', 'enum', { values: ['female', 'male', 'other', 'unknown'] }),
      field('ssn', 'string', {
        phi: 'ssn',
        optional: true,
        pattern: '^[0-9]{3}-[0-9]{2}-[0-9]{4}$',
      }),
      field('phone', 'string', { phi: 'phone', optional: true }),
      field('email', 'string', { phi: 'email', optional: true }),
      field('addressLine', 'string', { phi: 'geographic', optional: true }),
      field('city', 'string', { phi: 'geographic', optional: true }),
      field('state', 'string', { optional: true }),
      field('postalCode', 'string', { phi: 'geographic', pattern: '^[0-9]{5}(-[0-9]{4})?$' }),
      field('insuranceMemberId', 'string', { phi: 'health_plan_number', optional: true }),
      field('lastVisitAt', 'datetime', { phi: 'date', optional: true }),
    ],
    { table: 'patients', subject: true, organizationField: 'organizationId' },
  );

  const encounter = model(
    'Encounter',
    [
      idField(),
      field('patientId', 'uuid', { references: 'Patient' }),
      field('organizationId', 'uuid', { references: 'Organization' }),
      field('kind', 'enum', { values: ['virtual', 'in_person', 'home', 'emergency', 'inpatient'] }),
      field('start', 'datetime', { phi: 'date' }),
      field('end', 'datetime', { phi: 'date', optional: true }),
      field('reason', 'code', {
        system: 'http://snomed.info/sct',
        sensitive: true,
        optional: true,
      }),
      field('clientIp', 'string', { phi: 'ip_address', optional: true }),
    ],
    { table: 'encounters', patientField: 'patientId', organizationField: 'organizationId' },
  );

  const clinicalNote = model(
    'ClinicalNote',
    [
      idField(),
      field('patientId', 'uuid', { references: 'Patient' }),
      field('encounterId', 'uuid', { references: 'Encounter' }),
      field('authorId', 'uuid'),
      field('writtenAt', 'datetime', { phi: 'date' }),
      field('body', 'text', { phi: 'free_text' }),
    ],
    { table: 'clinical_notes', patientField: 'patientId' },
  );

  const prescription = model(
    'Prescription',
    [
      idField(),
      field('patientId', 'uuid', { references: 'Patient' }),
      field('encounterId', 'uuid', { references: 'Encounter', optional: true }),
      field('prescriberId', 'uuid'),
      field('medication', 'code', {
        system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
        sensitive: true,
      }),
      field('dosage', 'string', { sensitive: true, optional: true }),
      field('quantity', 'integer'),
      field('refills', 'integer'),
      field('status', 'enum', {
        values: [
          'draft',
          'active',
          'on_hold',
          'completed',
          'cancelled',
          'stopped',
          'entered_in_error',
          'unknown',
        ],
      }),
      field('writtenAt', 'datetime', { phi: 'date' }),
    ],
    { table: 'prescriptions', patientField: 'patientId' },
  );

  const labResult = model(
    'LabResult',
    [
      idField(),
      field('patientId', 'uuid', { references: 'Patient' }),
      field('accession', 'string', { phi: 'other_id', lookup: 'exact', optional: true }),
      field('test', 'code', { system: 'http://loinc.org' }),
      field('value', 'decimal', { sensitive: true, optional: true }),
      field('unit', 'string', { optional: true }),
      field('interpretation', 'enum', {
        values: ['normal', 'abnormal', 'critical'],
        optional: true,
      }),
      field('collectedAt', 'datetime', { phi: 'date' }),
      field('comment', 'text', { phi: 'free_text', optional: true }),
    ],
    { table: 'lab_results', patientField: 'patientId' },
  );

  return spec([organization, patient, encounter, clinicalNote, prescription, labResult], database);
}
