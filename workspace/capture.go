package workspace

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// DefaultPersona is the research identity used when none is named.
const DefaultPersona = "default"

// CaptureRequest asks for one page to be captured into a case.
type CaptureRequest struct {
	Case string
	URL  string
	Note string
	// Deadline bounds the page load; zero means capture's default.
	Deadline time.Duration
	// Scroll, ScrollPosts and ScrollUntil scroll feeds and profiles
	// before they are preserved (capture.Request).
	Scroll, ScrollPosts int
	ScrollUntil         time.Time
}

// Capture captures req.URL with b, seals the bundle into bundles/<case>/ and
// records the capture with its view and capture events in one transaction.
// On any error nothing is left behind: no bundle, no row, no event.
func (w *Workspace) Capture(ctx context.Context, b *Browser, req CaptureRequest, p capture.Progress) (Capture, error) {
	if _, err := w.ready(ctx, need{officer: true, openCase: req.Case, persona: b.Persona}); err != nil {
		return Capture{}, fmt.Errorf("capture %s: %w", req.URL, err)
	}
	rules, rulesErr := w.CaptureRules()
	res, err := b.Capture(ctx, capture.Request{URL: req.URL, Deadline: req.Deadline, Rules: rules,
		Scroll: req.Scroll, ScrollPosts: req.ScrollPosts, ScrollUntil: req.ScrollUntil}, p)
	if err != nil {
		return Capture{}, err
	}
	if rulesErr != "" {
		res.Meta.ArtefactError("rules", rulesErr)
	}
	return w.Seal(ctx, SealRequest{Case: req.Case, URL: req.URL, Note: req.Note, Persona: b.Persona, Result: res, Browser: b}, p)
}

// SealRequest is a page already captured, to be sealed into a case: by
// Capture, or by the research browser, which captures the page as it is
// on screen.
type SealRequest struct {
	Case    string
	URL     string // as the researcher asked for it; the result says where it ended
	Note    string
	Persona string // "" is the default persona
	Result  *capture.Result
	// Browser is the browser that loaded the page, whose network identity
	// (Browser.Identity, measured now) the bundle and the events record;
	// nil records none.
	Browser *Browser
}

// Seal seals a captured page into bundles/<case>/ and records the capture
// with its view and capture events in one transaction. On any error
// nothing is left behind: no bundle, no row, no event.
func (w *Workspace) Seal(ctx context.Context, req SealRequest, p capture.Progress) (Capture, error) {
	if req.Persona == "" {
		req.Persona = DefaultPersona
	}
	officer, err := w.ready(ctx, need{officer: true, openCase: req.Case, persona: req.Persona})
	if err != nil {
		return Capture{}, fmt.Errorf("capture %s: %w", req.URL, err)
	}
	res := req.Result
	if req.Browser != nil {
		id := req.Browser.Identity(ctx)
		res.Meta.Identity = &id
	}
	c := Capture{
		ID: newCaptureID(res.Meta.Start), Case: req.Case, Officer: officer.ID, URL: req.URL,
		FinalURL: res.Meta.FinalURL, Title: res.Meta.Title, Note: req.Note, Persona: req.Persona,
		Started: res.Meta.Start, Ended: res.Meta.End,
	}
	if res.Meta.Incomplete {
		c.Incomplete = res.Meta.IncompleteReason
	}
	c.Bundle = filepath.Join(w.dir, "bundles", req.Case, c.ID+".wacz")
	if p != nil {
		p.Stage(StageSeal)
	}
	staged, err := w.seal(ctx, &c, officer, res)
	if err != nil {
		return Capture{}, fmt.Errorf("capture %s: %w", req.URL, w.storage(err))
	}
	if err := w.record(ctx, c, pageAuthor(res.Posts), res.Meta.Identity); err != nil {
		atomicfile.Remove(staged)
		return Capture{}, fmt.Errorf("capture %s: record %s: %w", req.URL, c.ID, err)
	}
	// Recorded: from here on the staged bundle is kept until it has its
	// name; if that fails, the next start gives it (recoverScratch).
	if err := w.publish(staged, c.Bundle); err != nil {
		return Capture{}, fmt.Errorf("capture %s: recorded as %s, but the bundle could not be put in place (the next start retries): %w", req.URL, c.ID, w.storage(err))
	}
	atomicfile.Remove(staged)
	// Best effort: an authority that does not answer leaves its request
	// queued, audited, for `sightline timestamp`.
	w.SendTimestamps(ctx, c.ID) //nolint:errcheck // the capture is recorded either way
	return c, nil
}

// StageSeal is the progress stage of sealing and recording, after the
// capture package's own.
const StageSeal = "seal"

// seal lays the capture out as a bundle (bundle.FromCapture), seals it in
// the scratch directory as <capture id>.wacz and fills in its hashes. The
// bundle gets its name under bundles/ only once its capture is recorded.
func (w *Workspace) seal(ctx context.Context, c *Capture, officer Officer, res *capture.Result) (staged string, err error) {
	key, err := w.Key()
	if err != nil {
		return "", err
	}
	files, meta, err := bundle.FromCapture(res, bundle.Provenance{
		CaptureID: c.ID, Case: c.Case, Persona: c.Persona, Note: c.Note,
		Officer:  bundle.Officer{ID: officer.ID, Name: officer.Name, Role: officer.Role, OSUser: officer.OSUser},
		Software: evidence.Software, KeyStore: key.Store(), KeyFingerprint: key.Fingerprint(), Sealed: w.Now(),
	})
	if err != nil {
		return "", err
	}
	staged = filepath.Join(w.scratch.dir, c.ID+".wacz")
	c.PackageID, err = bundle.Seal(ctx, w.scratch.dir, staged, files, meta, key)
	if err != nil {
		return "", err
	}
	if c.SHA256, err = fileSHA256(staged); err != nil {
		atomicfile.Remove(staged)
		return "", err
	}
	return staged, nil
}

// pageAuthor is the handle of the author of the post a page shows, from
// its posts.json; "" for another page.
func pageAuthor(p *social.Posts) string {
	if p == nil || p.Page != social.PagePost || p.Account == nil {
		return ""
	}
	return p.Account.Handle
}

// record inserts the capture's row, its view (matched by the final URL,
// or for a post whose URL names no author, by author too) and events; the
// capture event names the network identity it was collected from.
func (w *Workspace) record(ctx context.Context, c Capture, author string, identity *capture.NetworkIdentity) error {
	rel, _ := filepath.Rel(w.dir, c.Bundle)
	sealed := audit.Detail(map[string]any{
		"capture": c.ID, "bundle": rel, "sha256": c.SHA256, "package_id": c.PackageID,
		"final_url": c.FinalURL, "incomplete": c.Incomplete, "persona": c.Persona, "network": identity,
	})
	p, err := w.Policy()
	if err != nil {
		return err
	}
	return w.act(ctx, need{officer: true, openCase: c.Case, persona: c.Persona}, func(tx *tx) ([]audit.Event, error) {
		if err := insertCapture(ctx, tx.Tx, c); err != nil {
			return nil, err
		}
		if err := w.queueTimestamps(ctx, tx, c.ID); err != nil {
			return nil, err
		}
		// The page counts as a view of its subjects, matched by its final
		// URL; the view's event carries the capture's id.
		v := viewing.View{Case: c.Case, URL: c.URL, Seen: c.FinalURL,
			Persona: c.Persona, Officer: c.Officer, Capture: c.ID, Time: c.Started, Author: author}
		if identity != nil {
			v.Network = identity
		}
		_, events, err := viewing.Record(ctx, tx.Tx, p, v)
		if err != nil {
			return nil, fmt.Errorf("count capture %s as a view: %w", c.ID, err)
		}
		viewed := events[len(events)-1]
		return []audit.Event{viewed, {Officer: c.Officer, Case: c.Case, Action: "capture", URL: c.URL, Time: c.Ended,
			Detail: sealed, Subjects: viewed.Subjects}}, nil
	})
}

// newCaptureID is sortable by time and unique: 20261123T113108Z-3f9a1c.
func newCaptureID(t time.Time) string {
	b := make([]byte, 3)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
