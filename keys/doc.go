// Package keys holds the workstation signing key: the ECDSA key that signs
// every bundle and evidence pack sealed on this workstation (DESIGN.md §4)
// and the audit log's checkpoints (audit/FORMAT.md). It sits below both
// evidence and audit, which import it and nothing of each other's.
//
// Terms:
//
//   - workstation key: one ECDSA private key per workspace, created on first
//     use and never replaced silently. Its public half is embedded in every
//     bundle it signs. New keys are P-384, the curve ReplayWeb.page imports
//     anonymous-mode keys with; P-256 keys made by earlier versions still
//     load, sign and verify, and rotating one makes a P-384 key.
//   - store: where the private key lives. "keyring" is the OS keyring through
//     go-keyring (the Secret Service on Linux, Keychain on macOS, Credential
//     Manager on Windows) under service "sightline" and user
//     "workstation-key/<workspace id>". "file" is <workspace>/keys/workstation-key.pem,
//     mode 0600, used where no keyring service answers (a headless server, CI).
//   - store record: <workspace>/keys/store, holding "keyring" or "file". Once a
//     key exists in one store, Open always uses that store; a key missing from
//     its recorded store is an error ([KeyMissingError]), never a new key.
//   - secret: a small value other than the key that must stay out of the
//     database, the audit log and every bundle (a persona's proxy user name
//     and password; Secrets). It lives in the key's store: keyring user
//     "secret/<workspace id>/<name>", or the file
//     <workspace>/keys/secrets/<name>, mode 0600.
//   - fingerprint: "sha256:" and the lower-case hex SHA-256 of the public key's
//     SubjectPublicKeyInfo DER. It names the key in reports and audit events.
//   - signature: the WACZ signing spec's anonymous mode. ECDSA with SHA-256
//     over the UTF-8 bytes of a hash string such as "sha256:ab12…", encoded
//     as IEEE P1363 r||s (the form WebCrypto produces and verifies), in
//     standard base64.
//
// Environment: SIGHTLINE_KEYRING=file forces the file store, =keyring forces
// the OS keyring (an error if it does not answer); unset means "keyring when
// it answers, else file".
//
// The exact bytes signed and what a signature proves are specified in
// evidence/FORMAT.md.
package keys
