import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCsv, parseCsvSkipping } from '../../../src/sources/files/csv.ts';
import {
  parseAmerican,
  parseDateField,
  parseInstant,
  parseIntField,
  parseNumField,
} from '../../../src/sources/files/values.ts';

test('parseCsv: quotes, escaped quotes, CRLF, BOM, blank lines', () => {
  const f = parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,,\n');
  assert.deepEqual(f.header, ['a', 'b', 'c']);
  assert.deepEqual(f.rows, [
    { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
    { line: 4, fields: ['2', '', ''] },
  ]);
  // Fast path (no quotes) gives the same rows and line numbers.
  assert.deepEqual(parseCsv('a,b\n1,2\n\n3,4').rows, [
    { line: 2, fields: ['1', '2'] },
    { line: 4, fields: ['3', '4'] },
  ]);
  assert.deepEqual(parseCsv(''), { header: [], rows: [] });
  assert.deepEqual(parseCsv('a,b\n'), { header: ['a', 'b'], rows: [] });
  // A quoted newline stays in the field; the next row starts on its own line.
  assert.deepEqual(parseCsv('a,b\n"1\n2",3\n4,5').rows, [
    { line: 2, fields: ['1\n2', '3'] },
    { line: 4, fields: ['4', '5'] },
  ]);
});

const cell = fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, ''));
function encode(v: string): string {
  return /[",\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v;
}

test('parseCsv round-trips any table of strings (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 12 }),
      (w, rows) => {
        const table = rows.map((r) => r.slice(0, w));
        const header = Array.from({ length: w }, (_, i) => `c${i}`);
        const text = [header, ...table].map((r) => r.map(encode).join(',')).join('\n');
        const parsed = parseCsv(text);
        assert.deepEqual(parsed.header, header);
        assert.deepEqual(
          parsed.rows.map((r) => r.fields),
          table,
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('parseCsv never throws on arbitrary text (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      const f = parseCsv(s);
      assert.ok(Array.isArray(f.rows));
      for (const r of f.rows) assert.ok(r.line >= 2 && r.fields.length >= 1);
    }),
    { numRuns: 500 },
  );
});

test('parseAmerican: the odds text rules of 00-decisions', () => {
  assert.deepEqual(parseAmerican('o', '-115.0'), { value: -115 });
  assert.deepEqual(parseAmerican('o', '+120'), { value: 120 });
  assert.deepEqual(parseAmerican('o', 'EVEN'), { value: 100 });
  assert.deepEqual(parseAmerican('o', 'even'), { value: 100 });
  assert.deepEqual(parseAmerican('o', '-100'), { value: 100 });
  assert.deepEqual(parseAmerican('o', ''), { value: null });
  for (const bad of ['+0', '0', '-99', '50', 'abc', '1e400', '--110']) {
    assert.ok(parseAmerican('over_odds', bad).error?.startsWith('over_odds'), bad);
  }
});

test('parseAmerican: any text gives a valid price, null, or an error (property)', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.double().map(String),
        fc.integer({ min: -400, max: 400 }).map(String),
      ),
      (s) => {
        const p = parseAmerican('x', s);
        if (p.error !== undefined) return;
        assert.ok(
          p.value === null || (Number.isInteger(p.value) && Math.abs(p.value) >= 100 && p.value !== -100),
        );
      },
    ),
    { numRuns: 500 },
  );
});

test('numeric, date and instant fields', () => {
  assert.deepEqual(parseIntField('fgm', '12.0'), { value: 12 });
  assert.ok(parseIntField('fgm', '12.5').error);
  assert.ok(parseIntField('fgm', '').error);
  assert.deepEqual(parseNumField('line', '24.5'), { value: 24.5 });
  assert.ok(parseNumField('line', 'NaN').error);
  assert.ok(parseNumField('line', 'Infinity').error);
  assert.deepEqual(parseDateField('d', '2025-11-01'), { value: '2025-11-01' });
  assert.ok(parseDateField('d', '2025-02-30').error);
  assert.deepEqual(parseInstant('t', '2025-10-23T02:00:00Z'), { value: '2025-10-23T02:00:00.000Z' });
  assert.deepEqual(parseInstant('t', '2025-10-22T22:00:00-04:00'), { value: '2025-10-23T02:00:00.000Z' });
  assert.ok(parseInstant('t', '2025-10-23 02:00').error);
});

test('parseCsvSkipping keeps the needle lines exactly as parseCsv and counts the others (property)', () => {
  const line = fc.array(fc.constantFrom('a', 'b', 'x', ',', ' '), { maxLength: 12 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 15 }), (lines) => {
      const text = ['h1,h2', ...lines].join('\n');
      const full = parseCsv(text);
      const skip = parseCsvSkipping(text, 'x');
      assert.deepEqual(skip.header, full.header);
      assert.deepEqual(
        skip.rows,
        full.rows.filter((r) => r.fields.join(',').includes('x')),
      );
      assert.deepEqual(
        skip.others,
        full.rows
          .filter((r) => !r.fields.join(',').includes('x'))
          .map((r) => ({ line: r.line, width: r.fields.length })),
      );
    }),
    { numRuns: 300 },
  );
});
