package capture

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// DefaultMaxDownloadBytes is the default of Request.MaxDownloadBytes.
const DefaultMaxDownloadBytes = 50 << 20

// Download is a file the page had the browser download during the capture.
// It was saved as evidence, never opened.
type Download struct {
	URL               string `json:"url"`
	SuggestedFilename string `json:"suggested_filename"` // as the server or the page named it; not a safe path
	MIME              string `json:"mime,omitempty"`     // of the response, else sniffed from Data
	Size              int64  `json:"size"`               // bytes received, or announced when larger than the cap
	SHA256            string `json:"sha256,omitempty"`   // hex SHA-256 of Data
	Data              []byte `json:"-"`
	// State is BodyKept, BodyTruncated (larger than
	// Request.MaxDownloadBytes: cancelled, not kept) or BodyMissing and why.
	State   string    `json:"state"`
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended,omitzero"`
}

// saveDownloads makes Chromium save every download, named by its GUID, into
// a new temporary directory and report its progress; captures collect the
// files of their own tab.
func saveDownloads(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "sightline-downloads-")
	if err != nil {
		return "", fmt.Errorf("download directory: %w", err)
	}
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
	})
	if err != nil {
		os.RemoveAll(dir) //nolint:errcheck // the call's error says more
		return "", fmt.Errorf("download behaviour: %w", err)
	}
	return dir, nil
}

// downloads follows the downloads that the frames of one tab start.
type downloads struct {
	rec *recorder
	dir string
	max int64

	mu      sync.Mutex
	list    []*download
	changed chan struct{}
	bg      tasks // cancellations under way
}

type download struct {
	Download
	guid, path string
	done       bool
	canceled   bool // by the page, the browser or, when capped, the capture
	capped     bool
}

// watchDownloads listens from now until tab ends.
func watchDownloads(tab context.Context, rec *recorder, dir string, max int64) (*downloads, error) {
	d := &downloads{rec: rec, dir: dir, max: max, changed: make(chan struct{}, 1)}
	if err := chromedp.ListenBrowser(tab, func(ev any) { d.handle(tab, ev) }); err != nil {
		return nil, fmt.Errorf("watch downloads: %w", err)
	}
	return d, nil
}

// handle runs on the browser's event loop: fast, no protocol calls.
func (d *downloads) handle(tab context.Context, ev any) {
	switch ev := ev.(type) {
	case *browser.EventDownloadWillBegin:
		if !d.rec.hasFrame(ev.FrameID) {
			return // another capture's
		}
		d.mu.Lock()
		d.list = append(d.list, &download{guid: ev.GUID, Download: Download{
			URL: ev.URL, SuggestedFilename: ev.SuggestedFilename, Started: utcNow(),
		}})
		d.mu.Unlock()
	case *browser.EventDownloadProgress:
		d.mu.Lock()
		defer d.mu.Unlock()
		i := slices.IndexFunc(d.list, func(dl *download) bool { return dl.guid == ev.GUID })
		if i < 0 {
			return
		}
		d.progress(tab, d.list[i], ev)
	default:
		return
	}
	signal(d.changed)
}

func (d *downloads) progress(tab context.Context, dl *download, ev *browser.EventDownloadProgress) {
	dl.Size = max(dl.Size, int64(ev.ReceivedBytes), int64(ev.TotalBytes))
	switch ev.State {
	case browser.DownloadProgressStateCompleted:
		dl.done, dl.path, dl.Ended = true, ev.FilePath, utcNow()
	case browser.DownloadProgressStateCanceled:
		dl.done, dl.canceled, dl.Ended = true, true, utcNow()
	default:
		if dl.Size > d.max && !dl.capped {
			dl.capped = true
			d.bg.Go(func() { cancelDownload(tab, dl.guid) })
		}
	}
}

func cancelDownload(tab context.Context, guid string) {
	ctx, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	chromedp.CallBrowser(ctx, browser.CancelDownload, browser.CancelDownloadParams{GUID: guid}) //nolint:errcheck // the state says what happened
}

// waitAll waits until every download begun so far has ended, and, when
// atLeastOne, until one has begun; or until ctx ends.
func (d *downloads) waitAll(ctx context.Context, atLeastOne bool) {
	for {
		d.mu.Lock()
		busy := atLeastOne && len(d.list) == 0
		for _, dl := range d.list {
			busy = busy || !dl.done
		}
		d.mu.Unlock()
		if !busy {
			return
		}
		select {
		case <-d.changed:
		case <-ctx.Done():
			return
		}
	}
}

// collect reads the finished files, cancels the others, and removes them
// all from the download directory. ex gives the MIME types.
func (d *downloads) collect(tab context.Context, ex []Exchange) []Download {
	d.mu.Lock()
	list := slices.Clone(d.list)
	d.mu.Unlock()
	var out []Download
	for _, dl := range list {
		d.mu.Lock()
		r, done, canceled, capped, path := dl.Download, dl.done, dl.canceled, dl.capped, dl.path
		d.mu.Unlock()
		switch {
		case capped:
			r.State = BodyTruncated
		case !done:
			cancelDownload(tab, dl.guid)
			r.State = BodyMissing + ": still downloading when the capture ended"
		case canceled:
			r.State = BodyMissing + ": cancelled"
		default:
			d.read(&r, path, dl.guid)
		}
		r.MIME = downloadMIME(ex, r)
		os.Remove(filepath.Join(d.dir, dl.guid)) //nolint:errcheck // gone already when read or cancelled
		out = append(out, r)
	}
	d.bg.Wait()
	return out
}

// read takes the saved file in: Chromium names it by the GUID.
func (d *downloads) read(r *Download, path, guid string) {
	want := filepath.Join(d.dir, guid)
	if path != "" && filepath.Clean(path) != want {
		r.State = fmt.Sprintf("%s: saved outside the download directory: %s", BodyMissing, path)
		return
	}
	data, err := os.ReadFile(want)
	switch {
	case err != nil:
		r.State = fmt.Sprintf("%s: read: %v", BodyMissing, err)
	case int64(len(data)) > d.max:
		r.State, r.Size = BodyTruncated, int64(len(data))
	default:
		sum := sha256.Sum256(data)
		r.Data, r.Size, r.SHA256, r.State = data, int64(len(data)), hex.EncodeToString(sum[:]), BodyKept
	}
}

// downloadMIME is the MIME type of the response that turned into the
// download, else what the data looks like.
func downloadMIME(ex []Exchange, r Download) string {
	for i := len(ex) - 1; i >= 0; i-- {
		if ex[i].URL == r.URL && ex[i].Response != nil && !ex[i].Redirected {
			return ex[i].Response.MIMEType
		}
	}
	if r.Data != nil {
		return http.DetectContentType(r.Data)
	}
	return ""
}

// markDownloaded says, for an exchange whose response became a download,
// where its body went.
func markDownloaded(ex []Exchange, dls []Download) {
	for i := range ex {
		e := &ex[i]
		if e.Body != nil || e.Redirected {
			continue
		}
		if slices.ContainsFunc(dls, func(d Download) bool { return d.URL == e.URL }) {
			e.BodyState = BodyMissing + ": saved as a download (see Result.Downloads)"
		}
	}
}
