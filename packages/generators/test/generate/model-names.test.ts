import { describe, expect, it } from 'vitest';

import { kebabCase, lowerCamelCase, modelNames } from '../../src/generate/model-names.js';
import { idField, model } from './support/ir-builders.js';

describe('model names', () => {
  it.each([
    ['Patient', 'patient'],
    ['ClinicalNote', 'clinical-note'],
    ['HTTPLog', 'http-log'],
    ['Lab_Result', 'lab-result'],
    ['Hl7Message', 'hl7-message'],
    ['ABC', 'abc'],
  ])('writes the module of %s to %s.ts', (name, file) => {
    expect(kebabCase(name)).toBe(file);
  });

  it.each([
    ['Patient', 'patient'],
    ['ClinicalNote', 'clinicalNote'],
    ['HTTPLog', 'httpLog'],
    ['ABC', 'abc'],
    ['_Hidden', '_Hidden'],
  ])('starts value names of %s with %s', (name, camel) => {
    expect(lowerCamelCase(name)).toBe(camel);
  });

  it('derives every declared name from the model name', () => {
    expect(modelNames(model('LabResult', [idField()]))).toEqual({
      record: 'LabResult',
      input: 'LabResultInput',
      row: 'LabResultRow',
      table: 'labResultTable',
      encrypt: 'encryptLabResult',
      decrypt: 'decryptLabResult',
      file: 'models/lab-result.ts',
      specifier: './models/lab-result.js',
    });
  });
});
