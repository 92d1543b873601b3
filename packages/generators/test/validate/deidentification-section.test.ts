import { describe, expect, test } from 'vitest';

import type { SpecIR } from '../../src/ir/spec-ir.js';
import { loadProject } from '../../src/load-project.js';
import { withCase } from './base-spec.js';
import { fullIssuesOf, toIssueAt, writeProject } from './temp-project.js';

async function irOf(files: Readonly<Record<string, string>>): Promise<SpecIR> {
  const result = await loadProject(writeProject(files));
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.ir;
}

const section = (body: string): string =>
  ['deidentification:', '  restrictedZip3:', body, ''].join('\n');

describe('deidentification section', () => {
  test('without the section, the 17 prefixes HHS published from Census 2000 apply', async () => {
    const ir = await irOf(withCase(''));

    expect(ir.deidentification.source).toBeUndefined();
    expect(ir.deidentification.restrictedZip3.census).toBe(2000);
    expect(ir.deidentification.restrictedZip3.prefixes).toEqual([
      '036', '059', '063', '102', '203', '556', '692', '790', '821',
      '823', '830', '831', '878', '879', '884', '890', '893',
    ]);
  });

  test('a spec list replaces the default, sorted, with its census and location', async () => {
    const ir = await irOf(
      withCase(
        section(
          [
            '    census: 2010',
            '    source: ZCTA population counts, 2010 decennial census',
            "    prefixes: ['893', '036', '102']",
          ].join('\n'),
        ),
      ),
    );

    expect(ir.deidentification.restrictedZip3).toEqual({
      census: 2010,
      source: 'ZCTA population counts, 2010 decennial census',
      prefixes: ['036', '102', '893'],
    });
    expect(ir.deidentification.source).toMatchObject({ file: 'specs/case.yaml', line: 2, column: 3 });
  });

  test('an empty list is allowed: no prefix is restricted', async () => {
    const ir = await irOf(withCase(section('    census: 2020\n    source: local review\n    prefixes: []')));

    expect(ir.deidentification.restrictedZip3.prefixes).toEqual([]);
  });

  test.each([
    {
      name: 'a prefix of two digits',
      body: "    census: 2010\n    source: census\n    prefixes: ['03']",
      want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:5:16' }],
    },
    {
      name: 'a prefix written as a number loses its leading zero',
      body: '    census: 2010\n    source: census\n    prefixes: [36]',
      want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:5:16' }],
    },
    {
      name: 'a list without its census year',
      body: "    source: census\n    prefixes: ['036']",
      want: [{ code: 'spec.missing-property', at: 'specs/case.yaml:2:3' }],
    },
    {
      name: 'the same prefix twice',
      body: "    census: 2010\n    source: census\n    prefixes: ['036', '036']",
      want: [{ code: 'spec.duplicate-item', at: 'specs/case.yaml:5:23' }],
    },
  ])('$name is reported where it is written', async ({ body, want }) => {
    const issues = await fullIssuesOf(withCase(section(body)));

    expect(issues.map(toIssueAt)).toEqual(want);
    expect(issues[0]?.message).toMatch(/census|duplicate|expected a match/);
  });

  test('two spec files may not both define the section', async () => {
    const list = section("    census: 2010\n    source: census\n    prefixes: ['036']");
    const issues = await fullIssuesOf({ ...withCase(list), 'specs/other.yaml': list });

    expect(issues.map((issue) => issue.code)).toContain('spec.duplicate-section');
  });
});
