package pack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"
)

// Manifest is manifest.json. Field order is the order written.
type Manifest struct {
	Format         string     `json:"format"` // [Format]
	Case           string     `json:"case"`
	CaseTitle      string     `json:"case_title"`
	Classification string     `json:"classification"`
	Officer        string     `json:"officer"`
	OfficerName    string     `json:"officer_name"`
	Created        string     `json:"created"` // RFC 3339 UTC, milliseconds
	Software       string     `json:"software"`
	KeyFingerprint string     `json:"key_fingerprint"` // of public-key.pem
	Exhibits       []Entry    `json:"exhibits"`
	Audit          AuditEntry `json:"audit"`
	Files          []File     `json:"files"`
}

// Entry is one exhibit in the manifest.
type Entry struct {
	Ref             string `json:"ref"`
	CaptureID       string `json:"capture_id"`
	File            string `json:"file"`       // "bundles/JS-1.wacz"
	SHA256          string `json:"sha256"`     // hex SHA-256 of File
	PackageID       string `json:"package_id"` // bundle id inside File
	URL             string `json:"url"`
	Withdrawn       bool   `json:"withdrawn"`
	WithdrawnReason string `json:"withdrawn_reason,omitempty"`
	// Timestamps are the RFC 3161 replies dating PackageID, beside File.
	Timestamps []File `json:"timestamps,omitempty"`
}

// AuditEntry describes audit.jsonl.
type AuditEntry struct {
	File     string `json:"file"`      // "audit.jsonl"
	Events   int    `json:"events"`    // lines in it
	Genesis  string `json:"genesis"`   // the workspace id: prev_hash of seq 1
	HeadSeq  int64  `json:"head_seq"`  // the workspace log's head at export
	HeadHash string `json:"head_hash"` // and its hash
}

// File is one file of the pack with its hex SHA-256 and size. The manifest
// lists every file but manifest.json, manifest.sig and SHA256SUMS.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// timeLayout is RFC 3339 in UTC with milliseconds, as bundles write times.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// idOf returns the pack id of manifest bytes: "sha256:<hex>".
func idOf(manifest []byte) string {
	sum := sha256.Sum256(manifest)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// encodeManifest writes m as indented JSON with a final newline and no HTML
// escaping, as bundles write datapackage.json.
func encodeManifest(m Manifest) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	return buf.Bytes(), nil
}

// parseManifest decodes manifest.json and checks what a verifier relies on:
// the format, clean unique paths, unique exhibit refs and files.
func parseManifest(data []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("parse %s: %w", ManifestName, err)
	}
	if m.Format != Format {
		return m, fmt.Errorf("%w: format %q, want %q", ErrUnsupportedFormat, m.Format, Format)
	}
	return m, m.check()
}

func (m Manifest) check() error {
	seen := map[string]bool{}
	for _, f := range m.Files {
		if err := checkPath(f.Path); err != nil {
			return err
		}
		if seen[f.Path] {
			return fmt.Errorf("%s lists %s twice", ManifestName, f.Path)
		}
		seen[f.Path] = true
	}
	refs, files := map[string]bool{}, map[string]bool{}
	for _, e := range m.Exhibits {
		switch {
		case refs[e.Ref]:
			return fmt.Errorf("%s lists exhibit %s twice", ManifestName, e.Ref)
		case files[e.File]:
			return fmt.Errorf("%s gives two exhibits the file %s", ManifestName, e.File)
		case !strings.HasPrefix(e.File, BundleDir) || checkPath(e.File) != nil:
			return fmt.Errorf("%s: exhibit %s: file %q is not under %s", ManifestName, e.Ref, e.File, BundleDir)
		}
		refs[e.Ref], files[e.File] = true, true
	}
	for _, name := range append([]string{ReportName, AuditName, PublicKeyName, VerifyName}, slices.Sorted(maps.Keys(files))...) {
		if !seen[name] {
			return fmt.Errorf("%s does not list %s", ManifestName, name)
		}
	}
	if m.Audit.File != AuditName {
		return fmt.Errorf("%s: audit file %q, want %q", ManifestName, m.Audit.File, AuditName)
	}
	return nil
}

// checkPath rejects a pack path that is not a clean relative slash path, or
// that sha256sum could not read back from SHA256SUMS.
func checkPath(p string) error {
	if !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, "\\\n\r") {
		return fmt.Errorf("path %q is not a clean relative slash path", p)
	}
	return nil
}

// ErrUnsupportedFormat reports a manifest whose format this verifier does
// not know.
var ErrUnsupportedFormat = errors.New("unsupported pack format")
