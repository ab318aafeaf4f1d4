/**
 * Rating readers on small texts: whitespace lines (MovieLens u.data), '::' lines (ratings.dat),
 * CSV with a header (ratings.csv, quoted ids), Matrix Market coordinate files, integer ids,
 * duplicates, and the errors (ParseError with the line, NonFiniteError).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRatings, readRatings } from '../../src/completion/index.js';
import * as portable from '../../src/completion/portable.js';
import { InvalidArgumentError, NonFiniteError, ParseError } from '../../src/core/errors.js';

const arr = (x: ArrayLike<number>) => Array.from(x);

describe('parseRatings', () => {
  it('reads whitespace lines with string ids mapped in order of first appearance', () => {
    const text = '# comment\nalice  matrix 5 881250949\nbob\tmatrix 3\n\nalice alien 4.5\n% also a comment\ncarol alien 1\n';
    const r = parseRatings(text);
    expect(r.rowIds).toEqual(['alice', 'bob', 'carol']);
    expect(r.colIds).toEqual(['matrix', 'alien']);
    expect(r.rowIndex?.get('bob')).toBe(1);
    expect(r.colIndex?.get('alien')).toBe(1);
    const o = r.observations;
    expect([o.rows, o.cols]).toEqual([3, 2]);
    expect(arr(o.i)).toEqual([0, 0, 1, 2]);
    expect(arr(o.j)).toEqual([0, 1, 0, 1]);
    expect(arr(o.v)).toEqual([5, 4.5, 3, 1]);
  });

  it("detects MovieLens-1M '::' lines", () => {
    const r = parseRatings('1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n');
    expect(r.rowIds).toEqual(['1', '2']);
    expect(r.colIds).toEqual(['1193', '661']);
    expect(arr(r.observations.v)).toEqual([5, 3, 4]);
  });

  it('reads CSV with a header, quoted fields and columns chosen by name', () => {
    const text = 'timestamp,movieId,userId,rating\n1,"m,1",u1,4.0\n2,m2,u1,3.5\n3,"m,1",u2,2\n';
    const r = parseRatings(text, { columns: ['userId', 'movieId', 'rating'] });
    expect(r.rowIds).toEqual(['u1', 'u2']);
    expect(r.colIds).toEqual(['m,1', 'm2']);
    expect(arr(r.observations.v)).toEqual([4, 3.5, 2]);
    // header detected automatically from the non-numeric rating field, positions by default
    const r2 = parseRatings('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n');
    expect(r2.rowIds).toEqual(['1']);
    expect(r2.colIds).toEqual(['31', '1029']);
    expect(r2.observations.cols).toBe(2);
  });

  it('uses integer ids as indices with ids: index', () => {
    const r = parseRatings('1 1 5\n3 2 4\n', { ids: 'index', indexBase: 1 });
    expect(r.rowIds).toBeNull();
    expect(r.observations.rows).toBe(3);
    expect(r.observations.cols).toBe(2);
    expect(arr(r.observations.i)).toEqual([0, 2]);
    const big = parseRatings('0 0 1\n', { ids: 'index', rows: 10, cols: 7 });
    expect([big.observations.rows, big.observations.cols]).toEqual([10, 7]);
    expect(() => parseRatings('0 0 1\n', { ids: 'index', indexBase: 1 })).toThrow(ParseError);
    expect(() => parseRatings('a 0 1\n', { ids: 'index' })).toThrow(ParseError);
    expect(() => parseRatings('5 0 1\n', { ids: 'index', rows: 3 })).toThrow(InvalidArgumentError);
  });

  it('averages a repeated (user, item) pair by default, or rejects it on request', () => {
    const text = 'u i 2\nu i 4\n';
    expect(arr(parseRatings(text).observations.v)).toEqual([3]);
    expect(() => parseRatings(text, { duplicates: 'error' })).toThrow(InvalidArgumentError);
  });

  it('reads Matrix Market coordinate files (1-based, declared shape, pattern = 1, symmetric expanded)', () => {
    const mm = '%%MatrixMarket matrix coordinate real general\n% ratings\n4 3 3\n1 1 5\n4 3 0\n2 2 3.5\n';
    const r = parseRatings(mm);
    expect(r.rowIds).toBeNull();
    const o = r.observations;
    expect([o.rows, o.cols]).toEqual([4, 3]);
    expect(arr(o.i)).toEqual([0, 1, 3]);
    expect(arr(o.j)).toEqual([0, 1, 2]);
    expect(arr(o.v)).toEqual([5, 3.5, 0]); // an explicit zero is an observation
    const pat = parseRatings('%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 3\n', { format: 'matrix-market' });
    expect(arr(pat.observations.v)).toEqual([1, 1, 1]);
    expect(arr(pat.observations.i)).toEqual([0, 1, 2]);
  });

  it('reports malformed input with the line number and the right class', () => {
    expect(() => parseRatings('a b 5\nc d x\n')).toThrow(ParseError);
    expect(() => parseRatings('a b 5\nc d x\n')).toThrow(/line 2: the rating 'x' is not a number/);
    expect(() => parseRatings('a b 5\nc d\n')).toThrow(/line 2: expected at least 3 fields \(got 2\)/);
    expect(() => parseRatings('a b 5\nc d NaN\n')).toThrow(NonFiniteError);
    expect(() => parseRatings('a,b,inf\n', { format: 'csv' })).toThrow(NonFiniteError);
    expect(() => parseRatings('# nothing\n')).toThrow(ParseError);
    expect(() => parseRatings('u,i,r\n1,2,3\n', { columns: ['user', 'i', 'r'] })).toThrow(/no field named 'user'/);
    expect(() => parseRatings('u,i,"3\n')).toThrow(ParseError);
    expect(() => parseRatings('%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n')).toThrow(ParseError);
    expect(() => parseRatings(5 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => parseRatings('a b 1', { format: 'xml' as 'csv' })).toThrow(InvalidArgumentError);
    expect(() => parseRatings('a b 1', { maxEntries: 0 })).toThrow(ParseError);
  });

  it('reads files with readRatings (errors name the path); portable has no file reader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'randnla-ratings-'));
    try {
      const p = join(dir, 'u.data');
      writeFileSync(p, '1\t10\t4\n2\t10\t2\n');
      const r = readRatings(p);
      expect(r.rowIds).toEqual(['1', '2']);
      writeFileSync(p, '1\t10\tbad\n');
      expect(() => readRatings(p)).toThrow(new RegExp(`${p.replace(/[\\/.]/g, '.')}, line 1`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect('readRatings' in portable).toBe(false);
    expect(typeof portable.parseRatings).toBe('function');
  });
});
