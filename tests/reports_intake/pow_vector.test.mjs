// Checks the browser solver against vectors computed by Python (tests/reports_intake/test_pow.py passes
// them in POW_VECTORS). Without POW_VECTORS it checks the FIPS 180-2 examples only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const here = new URL('.', import.meta.url).pathname;
const source = readFileSync(process.env.POW_JS || `${here}../../reports_intake/static/reports_intake/pow.js`, 'utf8');
const context = { setTimeout, atob };
vm.runInNewContext(source, context);
const pow = context.observatoryPow;

const vectors = process.env.POW_VECTORS
  ? JSON.parse(process.env.POW_VECTORS)
  : {
      sha256: [
        ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
        ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
          '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
      ],
      solve: [],
    };

const hex = (words) => words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
const binary = (text) => Buffer.from(text, 'utf8').toString('latin1');

test('sha256 matches Python', () => {
  for (const [message, expected] of vectors.sha256) assert.equal(hex(pow.sha256(binary(message))), expected);
});

test('solve finds the same counter as Python', async () => {
  for (const [token, difficulty, expected] of vectors.solve) {
    assert.equal(pow.difficultyOf(token), difficulty);
    const found = await new Promise((resolve) => pow.solve(token, difficulty, null, resolve));
    assert.equal(found, expected);
  }
});

test('a form marked data-pow gets its solution filled and is submitted once solved', async () => {
  const token = vectors.solve.length ? vectors.solve[vectors.solve.length - 1][0] : null;
  if (!token) return;
  const fields = { '[name=pow_token]': { value: token }, '[name=pow_solution]': { value: '' } };
  const live = { textContent: '', getAttribute: (name) => ({ 'data-working': 'Comprobando', 'data-done': 'Listo' })[name] };
  fields['[aria-live]'] = live;
  let onSubmit;
  const fileInput = { files: [] };
  const form = {
    enctype: 'multipart/form-data',
    getAttribute: (name) => (name === 'data-enctype-without-files' ? 'application/x-www-form-urlencoded' : null),
    querySelector: (selector) => fields[selector] || null,
    querySelectorAll: (selector) => (selector === 'input[type=file]' ? [fileInput] : []),
    addEventListener: (_, handler) => { onSubmit = handler; },
  };
  const submitted = new Promise((resolve) => {
    form.submit = resolve;
    const document = { querySelectorAll: () => [form] };
    vm.runInNewContext(source, { setTimeout, atob, document });
  });
  let prevented = false;
  onSubmit({ preventDefault: () => { prevented = true; } });
  await submitted;
  assert.ok(prevented);
  assert.equal(fields['[name=pow_solution]'].value, vectors.solve[vectors.solve.length - 1][2]);
  assert.equal(live.textContent, 'Listo');
  // No file chosen: sent as a plain form. A file chosen before sending again: multipart.
  assert.equal(form.enctype, 'application/x-www-form-urlencoded');
  fileInput.files = [{ name: 'nota.pdf' }];
  onSubmit({ preventDefault: () => {} });
  assert.equal(form.enctype, 'multipart/form-data');
});
