// The TOTP generator the browser tests use, checked against RFC 6238's vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, totp, totpFromKey } from './lib.js';

test('RFC 6238 SHA-1 vectors (8 digits, then 6)', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  assert.equal(totpFromKey(key, 59, 8), '94287082');
  assert.equal(totpFromKey(key, 1111111109, 8), '07081804');
  assert.equal(totpFromKey(key, 1234567890, 8), '89005924');
  assert.equal(totpFromKey(key, 20000000000, 8), '65353130');
  assert.equal(totpFromKey(key, 59), '287082');
});

test('base32 secrets decode as RFC 4648', () => {
  // "12345678901234567890" in base32.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(base32Decode(secret).toString('ascii'), '12345678901234567890');
  assert.equal(base32Decode(secret.toLowerCase()).toString('ascii'), '12345678901234567890');
  assert.equal(totp(secret, 59), '287082');
});
