package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/capture/warc"
)

// archive is the replayable part of a bundle (WACZ): the WARC of the page
// session, its CDXJ index and the page list; and posts.json, which names
// the WARC records of the posts' media.
type archive struct {
	warc, index, pages, posts []byte
}

// artefact is a file the capture made, kept as a resource record and as
// an entry (name) of the bundle.
type artefact struct {
	name, mime string
	data       []byte
}

// buildArchive writes every exchange of res as a response record followed
// by its request record, then the artefacts as resource records under
// urn:sightline: URIs, the downloads as resource records under their URLs,
// and the capture metadata as a metadata record (capture/warc/FORMAT.md).
func buildArchive(res *capture.Result, info [][2]string, arts []artefact, metadata []byte) (archive, error) {
	var buf bytes.Buffer
	w := warc.NewWriter(&buf)
	write := func(r *warc.Record) error {
		_, _, err := w.Write(r)
		return err
	}
	if err := write(warcinfoRecord(res.Meta.Start, info)); err != nil {
		return archive{}, fmt.Errorf("write warcinfo: %w", err)
	}
	records := map[string]string{} // URL -> the record of its first successful response
	for i := range res.Network {
		id, err := writeExchange(write, &res.Network[i])
		if err != nil {
			return archive{}, fmt.Errorf("write exchange %s: %w", res.Network[i].URL, err)
		}
		if r := res.Network[i].Response; id != "" && r.Status >= 200 && r.Status < 300 && records[res.Network[i].URL] == "" {
			records[res.Network[i].URL] = id
		}
	}
	var posts []byte
	if res.Posts != nil {
		var err error
		if posts, err = postsJSON(*res.Posts, records); err != nil {
			return archive{}, err
		}
		arts = append(arts, artefact{PostsName, "application/json", posts})
	}
	if err := writeResources(write, res, arts, metadata); err != nil {
		return archive{}, err
	}
	ar, err := indexArchive(buf.Bytes(), res)
	ar.posts = posts
	return ar, err
}

// postsJSON is posts.json with each medium's WARC record, when the page
// session loaded it.
func postsJSON(p social.Posts, records map[string]string) ([]byte, error) {
	p.Posts = slices.Clone(p.Posts)
	for i := range p.Posts {
		p.Posts[i].Media = slices.Clone(p.Posts[i].Media)
		for j := range p.Posts[i].Media {
			p.Posts[i].Media[j].WARCRecord = records[p.Posts[i].Media[j].URL]
		}
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode posts: %w", err)
	}
	return b, nil
}

func warcinfoRecord(at time.Time, info [][2]string) *warc.Record {
	var block bytes.Buffer
	for _, f := range info {
		fmt.Fprintf(&block, "%s: %s\r\n", f[0], f[1])
	}
	return &warc.Record{
		Type: warc.TypeWarcinfo, Date: at, ContentType: warc.ContentTypeFields,
		Fields: [][2]string{{"WARC-Filename", warcFileName}}, Block: block.Bytes(), PayloadOffset: -1,
	}
}

// writeExchange writes one response and its request. A body the browser
// could not give back is recorded as truncated rather than passed off as
// empty; metadata.json says why for every exchange.
func writeExchange(write func(*warc.Record) error, e *capture.Exchange) (string, error) {
	if e.Response == nil {
		return "", nil
	}
	r := e.Response
	headers := make([][2]string, len(r.HeaderFields))
	for i, h := range r.HeaderFields {
		headers[i] = [2]string{h.Name, h.Value}
	}
	block, off := warc.ResponseBlock(r.Protocol, r.Status, r.StatusText, headers, e.Body)
	resp := &warc.Record{
		Type: warc.TypeResponse, TargetURI: e.URL, Date: r.Received, IPAddress: r.RemoteIP,
		ContentType: warc.ContentTypeResponse, Block: block, PayloadOffset: off,
	}
	if bodyLost(e) {
		resp.Fields = append(resp.Fields, [2]string{"WARC-Truncated", "length"})
	}
	if err := write(resp); err != nil {
		return "", err
	}
	reqBlock, reqOff := warc.RequestBlock(e.Method, requestTarget(e.URL), r.Protocol, sortedHeaders(requestHeaders(e)), e.PostData)
	return resp.ID, write(&warc.Record{
		Type: warc.TypeRequest, TargetURI: e.URL, Date: e.Sent, ConcurrentTo: resp.ID,
		ContentType: warc.ContentTypeRequest, Block: reqBlock, PayloadOffset: reqOff,
	})
}

// bodyLost reports a response that had a body the bundle does not hold
// (over the size cap, or not given back by the browser): its record is
// marked truncated rather than passed off as an empty body.
func bodyLost(e *capture.Exchange) bool {
	s := e.Response.Status
	if len(e.Body) > 0 || e.Redirected || (s >= 300 && s < 400) || s == 204 || s == 304 || s < 200 {
		return false
	}
	return e.BodyState == capture.BodyTruncated || strings.HasPrefix(e.BodyState, capture.BodyMissing)
}

func requestHeaders(e *capture.Exchange) map[string]string {
	if len(e.SentHeaders) > 0 {
		return e.SentHeaders
	}
	return e.RequestHeaders
}

func sortedHeaders(m map[string]string) [][2]string {
	out := make([][2]string, 0, len(m))
	for k, v := range m {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// requestTarget is the origin-form target of an HTTP request line.
func requestTarget(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.RequestURI() == "" {
		return "/"
	}
	return u.RequestURI()
}

func writeResources(write func(*warc.Record) error, res *capture.Result, arts []artefact, metadata []byte) error {
	for _, a := range arts {
		if len(a.data) == 0 {
			continue
		}
		r := &warc.Record{Type: warc.TypeResource, TargetURI: "urn:sightline:" + a.name,
			Date: res.Meta.End, ContentType: a.mime, Block: a.data}
		if err := write(r); err != nil {
			return fmt.Errorf("write resource %s: %w", a.name, err)
		}
	}
	for _, d := range res.Downloads {
		if d.State != capture.BodyKept {
			continue
		}
		r := &warc.Record{Type: warc.TypeResource, TargetURI: d.URL, Date: d.Started, ContentType: d.MIME, Block: d.Data}
		if err := write(r); err != nil {
			return fmt.Errorf("write download %s: %w", d.URL, err)
		}
	}
	r := &warc.Record{Type: warc.TypeMetadata, TargetURI: res.Meta.FinalURL, Date: res.Meta.End,
		ContentType: "application/json", Block: metadata, PayloadOffset: -1}
	if err := write(r); err != nil {
		return fmt.Errorf("write metadata record: %w", err)
	}
	return nil
}

// indexArchive derives the CDXJ index from the written WARC itself, and the
// page list from the page's own response record.
func indexArchive(data []byte, res *capture.Result) (archive, error) {
	entries, err := warc.Index(bytes.NewReader(data), warcFileName)
	if err != nil {
		return archive{}, fmt.Errorf("index warc: %w", err)
	}
	var index, pages bytes.Buffer
	if err := warc.WriteCDXJ(&index, entries); err != nil {
		return archive{}, fmt.Errorf("write cdxj: %w", err)
	}
	page := warc.Page{ID: "page-1", URL: res.Meta.FinalURL, Title: res.Meta.Title, TS: res.Meta.Start}
	for _, e := range entries {
		if e.URL == res.Meta.FinalURL && e.Status != 0 {
			page.TS = e.Date
			break
		}
	}
	if err := warc.WritePages(&pages, []warc.Page{page}); err != nil {
		return archive{}, fmt.Errorf("write pages: %w", err)
	}
	return archive{warc: data, index: index.Bytes(), pages: pages.Bytes()}, nil
}
