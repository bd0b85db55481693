package pack

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/stream"
)

// Written describes a pack [Write] produced.
type Written struct {
	ID       string // pack id: "sha256:<hex>" of manifest.json, what manifest.sig signs
	Manifest Manifest
}

// Write writes the evidence pack p to w as a ZIP: each exhibit's bundle,
// copied byte for byte (stored, not recompressed), as bundles/<ref>.wacz,
// then report.pdf, audit.jsonl, public-key.pem, VERIFY.txt, manifest.json
// listing all of them with their SHA-256, manifest.sig (signer's signature
// of the pack id) and SHA256SUMS listing every file but itself. The format
// is evidence/FORMAT.md's "Evidence pack".
//
// Write streams: bundles are never held in memory. A bundle whose SHA-256
// differs from its exhibit's recorded SHA256 gives a [*BundleChangedError].
// On error or a cancelled ctx what was written to w is not a pack; the
// caller removes it.
func Write(ctx context.Context, w io.Writer, p Pack, signer Signer, progress Progress) (Written, error) {
	written, err := write(ctx, w, p, signer, progress)
	if err != nil {
		return Written{}, fmt.Errorf("write pack %s: %w", p.Case, err)
	}
	return written, nil
}

func write(ctx context.Context, w io.Writer, p Pack, signer Signer, progress Progress) (Written, error) {
	if err := p.check(signer); err != nil {
		return Written{}, err
	}
	pw := &packWriter{ctx: ctx, zw: zip.NewWriter(stream.WithContext(ctx, w)), created: p.Created.UTC(), progress: progress}
	exhibits, err := pw.addBundles(p.Exhibits)
	if err != nil {
		return Written{}, err
	}
	vd, err := newVerifyData(p, signer.PublicKeyDER(), exhibits)
	if err != nil {
		return Written{}, err
	}
	if err := pw.addReport(p, exhibits, vd); err != nil {
		return Written{}, err
	}
	if err := pw.addAudit(p.Audit.Events); err != nil {
		return Written{}, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: signer.PublicKeyDER()})
	if err := pw.addBytes(PublicKeyName, keyPEM); err != nil {
		return Written{}, err
	}
	verify, err := renderVerify(vd)
	if err != nil {
		return Written{}, err
	}
	if err := pw.addBytes(VerifyName, verify); err != nil {
		return Written{}, err
	}
	return pw.finish(p, exhibits, vd.KeyFingerprint, signer)
}

// check rejects a pack that cannot be written.
func (p Pack) check(signer Signer) error {
	switch {
	case signer == nil:
		return errors.New("no signer")
	case p.Created.IsZero():
		return errors.New("created time is zero")
	case p.Case == "":
		return errors.New("no case")
	case len(p.Exhibits) == 0:
		return errors.New("no exhibits")
	}
	seen := map[string]bool{}
	for _, e := range p.Exhibits {
		name := BundleFile(e.Ref)
		if err := checkPath(name); err != nil || strings.Count(e.Ref, "/") != 1 || strings.ContainsAny(e.Ref, " -") {
			return fmt.Errorf("exhibit ref %q: want PREFIX/N", e.Ref)
		}
		if seen[name] {
			return fmt.Errorf("exhibit ref %q: used twice", e.Ref)
		}
		seen[name] = true
	}
	return nil
}

// finish writes manifest.json, manifest.sig and SHA256SUMS and closes the
// ZIP.
func (pw *packWriter) finish(p Pack, exhibits []Entry, fingerprint string, signer Signer) (Written, error) {
	pw.stage("manifest")
	m := Manifest{
		Format: Format, Case: p.Case, CaseTitle: p.CaseTitle, Classification: p.Classification,
		Officer: p.Officer, OfficerName: p.OfficerName, Created: formatTime(p.Created),
		Software: p.Software, KeyFingerprint: fingerprint, Exhibits: exhibits,
		Audit: AuditEntry{
			File: AuditName, Events: len(p.Audit.Events), Genesis: p.Audit.Genesis,
			HeadSeq: p.Audit.HeadSeq, HeadHash: p.Audit.HeadHash,
		},
		Files: slices.Clone(pw.files),
	}
	data, err := encodeManifest(m)
	if err != nil {
		return Written{}, err
	}
	id := idOf(data)
	sig, err := signer.Sign(id)
	if err != nil {
		return Written{}, fmt.Errorf("sign %s: %w", id, err)
	}
	if err := pw.addBytes(ManifestName, data); err != nil {
		return Written{}, err
	}
	if err := pw.addBytes(SignatureName, []byte(sig+"\n")); err != nil {
		return Written{}, err
	}
	if err := pw.addBytes(SumsName, formatSums(pw.files)); err != nil {
		return Written{}, err
	}
	if err := pw.zw.Close(); err != nil {
		return Written{}, fmt.Errorf("finish zip: %w", err)
	}
	return Written{ID: id, Manifest: m}, nil
}

// packWriter adds files to the pack and remembers each one's hash and size.
type packWriter struct {
	ctx      context.Context
	zw       *zip.Writer
	created  time.Time
	progress Progress
	files    []File
}

func (pw *packWriter) stage(name string) {
	if pw.progress != nil {
		pw.progress.Stage(name)
	}
}

// add writes one entry with fill, hashing what it writes. Already
// compressed files (.wacz, .pdf) are stored, the rest deflated.
func (pw *packWriter) add(name string, fill func(io.Writer) error) (File, error) {
	method := zip.Deflate
	if strings.HasSuffix(name, ".wacz") || strings.HasSuffix(name, ".pdf") {
		method = zip.Store
	}
	hdr := &zip.FileHeader{Name: name, Method: method, Modified: pw.created}
	hdr.SetMode(0o444)
	ew, err := pw.zw.CreateHeader(hdr)
	if err != nil {
		return File{}, fmt.Errorf("add %s: %w", name, err)
	}
	h := sha256.New()
	cw := &stream.Counter{W: io.MultiWriter(ew, h)}
	if err := fill(cw); err != nil {
		return File{}, fmt.Errorf("add %s: %w", name, err)
	}
	f := File{Path: name, SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: cw.N}
	pw.files = append(pw.files, f)
	return f, nil
}

func (pw *packWriter) addBytes(name string, data []byte) error {
	_, err := pw.add(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return err
}

// addBundles copies each exhibit's bundle and returns the manifest's
// exhibit entries.
func (pw *packWriter) addBundles(exhibits []Exhibit) ([]Entry, error) {
	pw.stage("bundles")
	var total, done int64
	for _, e := range exhibits {
		if st, err := os.Stat(e.Bundle); err == nil {
			total += st.Size()
		}
	}
	entries := make([]Entry, 0, len(exhibits))
	for _, e := range exhibits {
		f, err := pw.add(BundleFile(e.Ref), func(w io.Writer) error {
			return copyFile(pw.ctx, w, e.Bundle, func(n int64) {
				if done += n; pw.progress != nil {
					pw.progress.Add(done, total)
				}
			})
		})
		if err != nil {
			return nil, err
		}
		if e.SHA256 != "" && f.SHA256 != e.SHA256 {
			return nil, &BundleChangedError{Ref: e.Ref, File: e.Bundle, Want: e.SHA256, Got: f.SHA256}
		}
		entry := Entry{
			Ref: e.Ref, CaptureID: e.CaptureID, File: f.Path, SHA256: f.SHA256, PackageID: e.PackageID,
			URL: e.URL, Withdrawn: e.Withdrawn != "", WithdrawnReason: e.Withdrawn,
		}
		for k, ts := range e.Timestamps {
			tf, err := pw.add(TimestampFile(e.Ref, k+1), func(w io.Writer) error {
				return copyFile(pw.ctx, w, ts, func(int64) {})
			})
			if err != nil {
				return nil, err
			}
			entry.Timestamps = append(entry.Timestamps, tf)
		}
		entries = append(entries, entry)
	}
	return entries, nil
}

// addAudit writes the audit extract as canonical JSON Lines.
func (pw *packWriter) addAudit(events []audit.Event) error {
	pw.stage("audit")
	_, err := pw.add(AuditName, func(w io.Writer) error {
		return audit.WriteJSONL(w, eventSeq(events))
	})
	return err
}

// eventSeq yields events for audit.WriteJSONL.
func eventSeq(events []audit.Event) iter.Seq2[audit.Event, error] {
	return func(yield func(audit.Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// copyFile copies the file at name to w in chunks, reporting each.
func copyFile(ctx context.Context, w io.Writer, name string, added func(int64)) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, rerr := f.Read(buf)
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				return err
			}
			added(int64(n))
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return rerr
		}
	}
}
