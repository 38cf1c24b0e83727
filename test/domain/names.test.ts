import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jaroWinkler, playerLookup, suffixFreeLookup } from '../../src/domain/names.ts';

test('playerLookup on hard names', () => {
  const cases: Array<[string, string]> = [
    ['Nikola Jokić', 'nikolajokic'],
    ['Luka Dončić', 'lukadoncic'],
    ['Alperen Şengün', 'alperensengun'],
    ['Jaren Jackson Jr.', 'jarenjacksonjr'],
    ['Jaren Jackson Jr', 'jarenjacksonjr'],
    ['Jaren Jackson Junior', 'jarenjacksonjr'],
    ['Michael Porter Jr.', 'michaelporterjr'],
    ['Gary Trent Jr', 'garytrentjr'],
    ['Robert Williams III', 'robertwilliamsiii'],
    ['P.J. Washington', 'pjwashington'],
    ["Ja'Kobe Walter", 'jakobewalter'],
    ['Nikola Vučević', 'nikolavucevic'],
    ['R.J. Barrett', 'rjbarrett'],
    ['Jrue Holiday', 'jrueholiday'],
  ];
  for (const [name, key] of cases) assert.equal(playerLookup(name), key, name);
  // Accented and plain spellings give the same key.
  assert.equal(playerLookup('Nikola Jokic'), playerLookup('Nikola Jokić'));
  assert.equal(playerLookup('Alperen Sengun'), playerLookup('Alperen Şengün'));
  assert.equal(playerLookup('Nikola Vucevic'), playerLookup('Nikola Vučević'));
  assert.equal(playerLookup('Luka Doncic'), playerLookup('Luka Dončić'));
});

test('suffix-free lookups drop whole trailing suffix words only', () => {
  assert.equal(suffixFreeLookup('Jaren Jackson Jr.'), 'jarenjackson');
  assert.equal(suffixFreeLookup('Robert Williams III'), 'robertwilliams');
  assert.equal(suffixFreeLookup('Isaiah Stewart II'), 'isaiahstewart');
  assert.equal(suffixFreeLookup('Jrue Holiday'), 'jrueholiday');
});

test('property: playerLookup keeps only [a-z0-9] and is idempotent on its output', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const k = playerLookup(s);
      assert.match(k, /^[a-z0-9]*$/);
      assert.equal(playerLookup(k), k);
    }),
  );
});

test('Jaro-Winkler: known values', () => {
  assert.equal(jaroWinkler('martha', 'martha'), 1);
  assert.equal(Math.round(jaroWinkler('martha', 'marhta') * 1000) / 1000, 0.961);
  assert.equal(Math.round(jaroWinkler('dixon', 'dicksonx') * 1000) / 1000, 0.813);
  assert.equal(jaroWinkler('abc', ''), 0);
});
