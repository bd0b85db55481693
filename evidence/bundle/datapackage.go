package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path"
	"time"
)

// datapackage is datapackage.json. Field order is the order written.
type datapackage struct {
	Profile      string     `json:"profile"`
	WACZVersion  string     `json:"wacz_version"`
	Title        string     `json:"title"`
	MainPageURL  string     `json:"mainPageURL,omitempty"`
	MainPageDate string     `json:"mainPageDate,omitempty"`
	Created      string     `json:"created"`
	Software     string     `json:"software"`
	Resources    []resource `json:"resources"`
}

// resource is one entry of datapackage.json's "resources".
type resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"`
	Bytes int64  `json:"bytes"`
}

// digestFile is datapackage-digest.json.
type digestFile struct {
	Path       string     `json:"path"`
	Hash       string     `json:"hash"`
	SignedData signedData `json:"signedData"`
}

// signedData is the WACZ signing spec's anonymous signature data.
type signedData struct {
	Hash      string `json:"hash"`
	Created   string `json:"created"`
	Software  string `json:"software"`
	Signature string `json:"signature"`
	PublicKey string `json:"publicKey"`
}

// hashOf returns "sha256:<hex>" of data.
func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// newDatapackage lists files in order with their hashes and sizes.
func newDatapackage(files []File, meta Meta) datapackage {
	dp := datapackage{
		Profile:      Profile,
		WACZVersion:  WACZVersion,
		Title:        meta.Title,
		MainPageURL:  meta.MainPageURL,
		MainPageDate: formatTime(meta.MainPageDate),
		Created:      formatTime(meta.Created),
		Software:     meta.Software,
		Resources:    make([]resource, 0, len(files)),
	}
	for _, f := range files {
		dp.Resources = append(dp.Resources, resource{
			Name:  path.Base(f.Path),
			Path:  f.Path,
			Hash:  hashOf(f.Data),
			Bytes: int64(len(f.Data)),
		})
	}
	return dp
}

// encodeJSON returns v as indented JSON with a final newline, without
// HTML escaping, so URLs read as they are.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// meta reads the descriptive metadata back; unparsable times stay zero.
func (dp datapackage) meta() Meta {
	parse := func(s string) time.Time {
		t, _ := time.Parse(time.RFC3339Nano, s)
		return t
	}
	return Meta{
		Title:        dp.Title,
		MainPageURL:  dp.MainPageURL,
		MainPageDate: parse(dp.MainPageDate),
		Created:      parse(dp.Created),
		Software:     dp.Software,
	}
}
