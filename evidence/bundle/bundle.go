package bundle

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Names and values fixed by the format (evidence/FORMAT.md).
const (
	DatapackageName = "datapackage.json"
	DigestName      = "datapackage-digest.json"
	IndexName       = "indexes/index.cdx" // the CDXJ of the bundle's WARC
	Profile         = "data-package"
	WACZVersion     = "1.1.1"
)

// warcFileName is the WARC's own name, as its warcinfo and the CDXJ give it.
const warcFileName = "data.warc.gz"

// The entries of a capture's bundle (DESIGN.md §4), as FromCapture lays
// them out.
const (
	WARCName       = "archive/" + warcFileName // every exchange, artefact and the metadata as WARC records
	PagesName      = "pages/pages.jsonl"       // the page list
	MetadataName   = "evidence/metadata.json"  // Metadata
	ScreenshotName = "evidence/screenshot.png" // the full page
	ViewportName   = "evidence/viewport.png"   // the viewport, scrolled to the top
	AnnotatedName  = "evidence/annotated.png"  // the full page under a stamped header band
	MHTMLName      = "evidence/page.mhtml"
	DOMName        = "evidence/dom.html" // the rendered DOM, the HTML source the Berkeley Protocol asks for
	PDFName        = "evidence/page.pdf"
	TextName       = "evidence/text.txt"
	PostsName      = "evidence/posts.json" // the page's posts (capture/social/FORMAT.md)
)

// timeLayout is RFC 3339 in UTC with milliseconds, e.g.
// "2024-05-01T12:34:56.789Z".
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// File is one file to put in a bundle.
type File struct {
	Path string // slash-separated path in the bundle, e.g. "evidence/screenshot.png"
	Data []byte
}

// Meta is the bundle's descriptive metadata, written to datapackage.json.
type Meta struct {
	Title        string
	MainPageURL  string    // the captured page
	MainPageDate time.Time // when it was captured
	Created      time.Time // when the bundle was written; required
	Software     string    // e.g. "Sightline 0.3.0"
}

// Signer signs a bundle id. *keys.Key implements it.
type Signer interface {
	// Sign returns the base64 IEEE P1363 ECDSA signature of SHA-256 over
	// the UTF-8 bytes of hash.
	Sign(hash string) (string, error)
	// PublicKeyDER returns the SubjectPublicKeyInfo DER of the public key.
	PublicKeyDER() []byte
}

// methodFor returns the ZIP compression method for a path in the bundle:
// Store for already-compressed data, Deflate for the rest.
func methodFor(name string) uint16 {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".gz", ".pdf", ".jpg", ".jpeg", ".zip", ".wacz", ".webp", ".mp4", ".webm":
		return zip.Store
	}
	return zip.Deflate
}

// formatTime formats t as RFC 3339 UTC with milliseconds; zero gives "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// checkFiles rejects paths that are not clean relative slash paths, that
// repeat, or that name the two datapackage files.
func checkFiles(files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		switch {
		case !fs.ValidPath(f.Path) || f.Path == "." || strings.Contains(f.Path, `\`):
			return fmt.Errorf("file path %q: not a clean relative slash path", f.Path)
		case f.Path == DatapackageName || f.Path == DigestName:
			return fmt.Errorf("file path %q: reserved", f.Path)
		case seen[f.Path]:
			return fmt.Errorf("file path %q: %w", f.Path, &DuplicateFileError{File: f.Path})
		}
		seen[f.Path] = true
	}
	return nil
}

func checkMeta(meta Meta) error {
	if meta.Created.IsZero() {
		return errors.New("meta: Created is zero")
	}
	return nil
}
