package workspace

import (
	"encoding/json"
	"fmt"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/keys"
)

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

// bundleFiles lays a capture out as DESIGN.md §4's bundle: the WACZ parts
// (WARC, CDXJ index, page list) and the evidence/ files.
func bundleFiles(c *Capture, officer Officer, key *keys.Key, res *capture.Result) ([]bundle.File, error) {
	meta, err := json.MarshalIndent(Metadata{
		CaptureID: c.ID, Case: c.Case, Officer: officer, Persona: c.Persona, Note: c.Note,
		Software: evidence.Software, KeyStore: key.Store(), KeyFingerprint: key.Fingerprint(),
		Page: res.Meta, Network: res.Network, Downloads: res.Downloads,
	}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	annotated, err := capture.Annotate(res.Screenshot, capture.Stamp{
		URL: res.Meta.FinalURL, Time: res.Meta.Start, Case: c.Case,
		Officer: officer.ID + " " + officer.Name, Persona: c.Persona,
	})
	if err != nil {
		return nil, err
	}
	arts := []artefact{
		{"screenshot.png", "image/png", res.Screenshot},
		{"viewport.png", "image/png", res.Viewport},
		{"annotated.png", "image/png", annotated},
		{"page.mhtml", "multipart/related", res.MHTML},
		{"dom.html", "text/html; charset=utf-8", []byte(res.DOM)},
		{"page.pdf", "application/pdf", res.PDF},
		{"text.txt", "text/plain; charset=utf-8", []byte(res.Text)},
	}
	info := [][2]string{
		{"software", evidence.Software}, {"format", "WARC File Format 1.1"},
		{"browser", res.Meta.Browser.Product}, {"user-agent", res.Meta.Browser.UserAgent},
		{"officer", officer.ID + " " + officer.Name}, {"case", c.Case}, {"persona", c.Persona},
		{"capture", c.ID}, {"key", key.Fingerprint()},
	}
	ar, err := buildArchive(res, info, arts, meta)
	if err != nil {
		return nil, err
	}
	files := []bundle.File{
		{Path: "archive/" + warcName, Data: ar.warc},
		{Path: bundle.IndexName, Data: ar.index},
		{Path: "pages/pages.jsonl", Data: ar.pages},
		{Path: "evidence/metadata.json", Data: meta},
	}
	for _, a := range arts {
		if len(a.data) > 0 {
			files = append(files, bundle.File{Path: "evidence/" + a.name, Data: a.data})
		}
	}
	return files, nil
}
