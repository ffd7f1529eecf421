/* Proof of work for form[data-pow] (pow.py). ES5. It only fills pow_solution: without JS the form
   posts anyway and the server rate-limits harder. */
(function (root) {
  'use strict';
  // SHA-256 H0 and K: computing them needs exact Math.pow, unsafe on old engines.
  var HEX = '6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19428a2f9871374491b5c0fbcfe9b5dba53956c25b59f111f1923f82a4ab1c5ed5d807aa9812835b01243185be550c7dc372be5d7480deb1fe9bdc06a7c19bf174e49b69c1efbe47860fc19dc6240ca1cc2de92c6f4a7484aa5cb0a9dc76f988da983e5152a831c66db00327c8bf597fc7c6e00bf3d5a7914706ca63511429296727b70a852e1b21384d2c6dfc53380d13650a7354766a0abb81c2c92e92722c85a2bfe8a1a81a664bc24b8b70c76c51a3d192e819d6990624f40e3585106aa07019a4c1161e376c082748774c34b0bcb5391c0cb34ed8aa4a5b9cca4f682e6ff3748f82ee78a5636f84c878148cc7020890befffaa4506cebbef9a3f7c67178f2';
  var H0 = [], K = [], i;
  for (i = 0; i < 72; i++) (i < 8 ? H0 : K).push(parseInt(HEX.substr(i * 8, 8), 16) | 0);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // SHA-256 of a binary string, as eight int32 words.
  function sha256(s) {
    var len = s.length, m = [], w = [], h = H0.slice(), j, t, a, b, c, d, e, f, g, k, x, y, t1;
    s += '\x80';
    while (s.length % 64 !== 56) s += '\x00';
    for (j = 0; j < s.length; j++) m[j >> 2] |= s.charCodeAt(j) << ((3 - (j & 3)) * 8);
    m.push((len / 0x20000000) | 0, len << 3);
    for (j = 0; j < m.length; j += 16) {
      a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; k = h[7];
      for (t = 0; t < 64; t++) {
        x = w[t - 15]; y = w[t - 2];
        w[t] = t < 16 ? m[j + t] | 0 : ((rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[t - 16] +
          (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[t - 7]) | 0;
        t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a;
        a = (t1 + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & c) ^ (a & d) ^ (c & d))) | 0;
      }
      x = [a, b, c, d, e, f, g, k];
      for (t = 0; t < 8; t++) h[t] = (h[t] + x[t]) | 0;
    }
    return h;
  }

  function enough(h, bits) {
    for (var n = 0; bits > 0; n++, bits -= 32) if (bits < 32 ? h[n] >>> (32 - bits) : h[n]) return false;
    return true;
  }

  // Byte 1 of the signed body.
  function difficultyOf(token) {
    var body = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    while (body.length % 4) body += '=';
    return root.atob(body).charCodeAt(1);
  }

  // Counts from 0 like pow.solve, in slices so the page stays responsive.
  function solve(token, bits, progress, done) {
    var counter = 0;
    function slice() {
      for (var end = counter + 4000; counter < end; counter++) {
        if (enough(sha256(token + ':' + counter), bits)) return done(String(counter));
      }
      if (progress) progress(Math.min(99, Math.floor(100 * counter / Math.pow(2, bits))));
      root.setTimeout(slice, 0);
    }
    root.setTimeout(slice, 0);
  }

  // A form[data-enctype-without-files] is sent so while no file is chosen: cheaper for the server to read.
  function chooseEncoding(form) {
    var plain = form.getAttribute('data-enctype-without-files'), files = form.querySelectorAll('input[type=file]');
    if (!plain) return;
    for (var j = 0; j < files.length; j++) if (files[j].files.length) plain = 'multipart/form-data';
    form.enctype = plain;
  }

  function attach(form) {
    var token = form.querySelector('[name=pow_token]'), answer = form.querySelector('[name=pow_solution]');
    var live = form.querySelector('[aria-live]'), solved = false, waiting = false;
    function say(key, extra) { if (live) live.textContent = (live.getAttribute(key) || '') + (extra || ''); }
    if (!token || !answer || answer.value) return;
    form.addEventListener('submit', function (event) {
      chooseEncoding(form);
      if (!solved) { event.preventDefault(); waiting = true; say('data-working'); }
    });
    solve(token.value, difficultyOf(token.value), function (percent) {
      if (waiting) say('data-working', ' ' + percent + '%');
    }, function (solution) {
      answer.value = solution;
      solved = true;
      if (waiting) { say('data-done'); chooseEncoding(form); form.submit(); }
    });
  }

  root.observatoryPow = { sha256: sha256, solve: solve, difficultyOf: difficultyOf };
  if (root.document) {
    var forms = root.document.querySelectorAll('form[data-pow]');
    for (i = 0; i < forms.length; i++) attach(forms[i]);
  }
})(this);
