package bundle

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sightline-osint/sightline/capture"
)

// Provenance is what a bundle records about who sealed a capture and with
// what, beside what the page gave.
type Provenance struct {
	CaptureID      string
	Case           string
	Officer        Officer
	Persona        string
	Note           string
	Software       string    // e.g. "Sightline 0.3.0"
	KeyStore       string    // where the signing key lives: "keyring" or "file"
	KeyFingerprint string    // the signing key's fingerprint
	Sealed         time.Time // when the bundle is written (datapackage.json's created)
}

// Officer is the officer who captured, as metadata.json names them.
type Officer struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	OSUser string `json:"os_user"`
}

// Metadata is evidence/metadata.json: what the page gave (DESIGN.md §3), who
// captured it, with what, and every network exchange with whether its body
// was kept.
type Metadata struct {
	CaptureID      string             `json:"capture_id"`
	Case           string             `json:"case"`
	Officer        Officer            `json:"officer"`
	Persona        string             `json:"persona"`
	Note           string             `json:"note"`
	Software       string             `json:"software"`
	KeyStore       string             `json:"key_store"`
	KeyFingerprint string             `json:"key_fingerprint"`
	Page           capture.Metadata   `json:"page"`
	Network        []capture.Exchange `json:"network"`
	Downloads      []capture.Download `json:"downloads"`
}

// FromCapture lays a capture out as DESIGN.md §4's bundle: the WACZ parts
// (the WARC of every exchange, artefact and the metadata, its CDXJ index
// and the page list) and the evidence/ files, with the datapackage's
// descriptive metadata. It is pure: Seal (or Write) turns the result into
// a signed file.
func FromCapture(res *capture.Result, p Provenance) ([]File, Meta, error) {
	meta, err := json.MarshalIndent(Metadata{
		CaptureID: p.CaptureID, Case: p.Case, Officer: p.Officer, Persona: p.Persona, Note: p.Note,
		Software: p.Software, KeyStore: p.KeyStore, KeyFingerprint: p.KeyFingerprint,
		Page: res.Meta, Network: res.Network, Downloads: res.Downloads,
	}, "", "  ")
	if err != nil {
		return nil, Meta{}, fmt.Errorf("encode metadata: %w", err)
	}
	annotated, err := capture.Annotate(res.Screenshot, capture.Stamp{
		URL: res.Meta.FinalURL, Time: res.Meta.Start, Case: p.Case,
		Officer: p.Officer.ID + " " + p.Officer.Name, Persona: p.Persona,
	})
	if err != nil {
		return nil, Meta{}, err
	}
	arts := []artefact{
		{ScreenshotName, "image/png", res.Screenshot},
		{ViewportName, "image/png", res.Viewport},
		{AnnotatedName, "image/png", annotated},
		{MHTMLName, "multipart/related", res.MHTML},
		{DOMName, "text/html; charset=utf-8", []byte(res.DOM)},
		{PDFName, "application/pdf", res.PDF},
		{TextName, "text/plain; charset=utf-8", []byte(res.Text)},
	}
	info := [][2]string{
		{"software", p.Software}, {"format", "WARC File Format 1.1"},
		{"browser", res.Meta.Browser.Product}, {"user-agent", res.Meta.Browser.UserAgent},
		{"officer", p.Officer.ID + " " + p.Officer.Name}, {"case", p.Case}, {"persona", p.Persona},
		{"capture", p.CaptureID}, {"key", p.KeyFingerprint},
	}
	if id := res.Meta.Identity; id != nil {
		egress := id.EgressIP
		if egress == "" {
			egress = id.EgressSource
		}
		proxy := cmp.Or(id.Proxy, "none (direct)")
		if id.ProxyCredentials {
			proxy += " (with a user name and password, not recorded)"
		}
		info = append(info, [2]string{"proxy", proxy}, [2]string{"egress-ip", egress},
			[2]string{"language", id.Language}, [2]string{"timezone", id.Timezone})
		if !id.EgressMeasured.IsZero() {
			info = append(info, [2]string{"egress-measured", id.EgressMeasured.UTC().Format(time.RFC3339Nano)})
		}
	}
	ar, err := buildArchive(res, info, arts, meta)
	if err != nil {
		return nil, Meta{}, err
	}
	files := []File{
		{Path: WARCName, Data: ar.warc},
		{Path: IndexName, Data: ar.index},
		{Path: PagesName, Data: ar.pages},
		{Path: MetadataName, Data: meta},
	}
	if ar.posts != nil {
		files = append(files, File{Path: PostsName, Data: ar.posts})
	}
	for _, a := range arts {
		if len(a.data) > 0 {
			files = append(files, File{Path: a.name, Data: a.data})
		}
	}
	return files, Meta{Title: res.Meta.Title, MainPageURL: res.Meta.FinalURL, MainPageDate: res.Meta.Start,
		Created: p.Sealed, Software: p.Software}, nil
}
