import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugify } from '../src/slugify.js';

test('lower-cases and joins words with dashes', () => {
  assert.equal(slugify('Hello World'), 'hello-world');
});

test('drops accents and punctuation', () => {
  assert.equal(slugify('Crème brûlée, again!'), 'creme-brulee-again');
});

test('never starts or ends with a dash', () => {
  assert.equal(slugify('  --Tier 1--  '), 'tier-1');
});
