package warc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// pagesHeader is the first line of pages/pages.jsonl (WACZ 1.1.1).
const pagesHeader = `{"format":"json-pages-1.0","id":"pages","title":"All Pages"}`

// pageTSLayout is a page's "ts": RFC 3339, UTC, milliseconds, the form
// Sightline uses for every time (evidence/FORMAT.md §3).
const pageTSLayout = "2006-01-02T15:04:05.000Z"

// Page is one entry of the WACZ page list: a page a viewer offers to open.
// TS should be the WARC-Date of the page's response record, so that
// ReplayWeb.page opens that capture.
type Page struct {
	ID    string    // optional; written when not empty
	URL   string    // required
	Title string    // optional; written when not empty
	TS    time.Time // required
}

// WritePages writes pages/pages.jsonl: the header line
// {"format":"json-pages-1.0","id":"pages","title":"All Pages"}, then one
// line per page with "id", "url", "ts" and "title" in that order (FORMAT.md
// §7).
func WritePages(w io.Writer, pages []Page) error {
	var b bytes.Buffer
	b.WriteString(pagesHeader + "\n")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, p := range pages {
		if p.URL == "" || p.TS.IsZero() {
			return fmt.Errorf("write pages: page %q needs a url and a ts", p.URL)
		}
		line := struct {
			ID    string `json:"id,omitempty"`
			URL   string `json:"url"`
			TS    string `json:"ts"`
			Title string `json:"title,omitempty"`
		}{p.ID, p.URL, p.TS.UTC().Format(pageTSLayout), p.Title}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("write pages: %s: %w", p.URL, err)
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write pages: %w", err)
	}
	return nil
}
