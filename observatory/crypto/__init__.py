"""Every piece of cryptography in Observatory (DESIGN §4), as plain modules with no Django and no database:

- `envelope`: HPKE key wraps, AES-256-GCM payloads, chunked files, password and key sealing;
- `receipts`: check-coded codes (reporter receipts, staff recovery keys) and what is derived from them;
- `contexts`: every binding (AAD/context) string, in one place so that writer and reader cannot drift;
- `recipients`: who each kind of secret is sealed to (a report, a caseworker's message…);
- `user_keys`: a staff member's keypair sealed under a password and a recovery key;
- `split_session`: a key half in a cookie, the other half sealed server-side (mailbox and staff sessions);
- `keyfiles`: private key files written by the key ceremony;
- `server_keys`: keys derived from the secrets the processes are given (SECRET_KEY, RATE_LIMIT_KEY,
  TOTP_SEAL_KEY), and the TOTP secrets sealed under one; the one module here that reads settings.
"""
