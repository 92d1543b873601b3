import { describe, expect, it } from 'vitest';

import { generatedBanner } from '../../src/generate/banner.js';
import { docComment } from '../../src/generate/doc-comment.js';

describe('docComment', () => {
  it('escapes bidirectional controls in spec text', () => {
    const [line] = docComment('Dose in mg \u202e1 ,0\u202c per day', 0);

    expect(line).toBe('/** Dose in mg \\u202e1 ,0\\u202c per day */');
  });

  it('keeps the comment open until its end', () => {
    expect(docComment('ends */ early', 0)).toEqual(['/** ends *\\/ early */']);
  });
});

describe('generatedBanner', () => {
  it('keeps a file name with a line break on its line', () => {
    const lines = generatedBanner(['specs/odd\nname.yaml', 'specs/b\u2028.yaml'], '//');

    expect(lines.every((line) => line.startsWith('// '))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/[\u2028\u2029]/);
    expect(lines[0]).toContain('specs/odd\\u000aname.yaml');
  });
});
