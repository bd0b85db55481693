package warc

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestResponseBlock(t *testing.T) {
	cases := []struct {
		name             string
		proto            string
		status           int
		text             string
		headers          [][2]string
		body             string
		wantHead         string
		wantOffsetIsHead bool
	}{
		{
			name: "decoded gzip body over HTTP/2", proto: "h2", status: 200,
			headers: [][2]string{
				{"content-type", "text/html"}, {"content-encoding", "gzip"}, {"content-length", "31"},
				{"set-cookie", "a=1\nb=2"}, {"Set-Cookie", "c=3"}, {":status", "200"},
			},
			body: "<p>decoded</p>",
			wantHead: "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n" +
				"X-Sightline-Original-content-encoding: gzip\r\nX-Sightline-Original-content-length: 31\r\n" +
				"set-cookie: a=1\r\nset-cookie: b=2\r\nSet-Cookie: c=3\r\n" +
				"X-Sightline-Protocol: h2\r\nContent-Length: 14\r\n\r\n",
		},
		{
			name: "redirect without body", proto: "HTTP/1.1", status: 302, text: "Found",
			headers:  [][2]string{{"Location", "/next"}, {"Transfer-Encoding", "chunked"}},
			wantHead: "HTTP/1.1 302 Found\r\nLocation: /next\r\nX-Sightline-Original-Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
		},
		{
			name: "server's own X-Sightline headers are renamed", proto: "http/1.0", status: 200, text: "OK",
			headers: [][2]string{{"X-Sightline-Original-Content-Encoding", "none"}, {"x-sightline-protocol", "h9"}},
			body:    "x",
			wantHead: "HTTP/1.0 200 OK\r\nX-Sightline-Original-X-Sightline-Original-Content-Encoding: none\r\n" +
				"X-Sightline-Original-x-sightline-protocol: h9\r\nContent-Length: 1\r\n\r\n",
		},
		{
			name: "control characters and bad names", proto: "", status: 200, text: "OK\r\nInjected: 1",
			headers:  [][2]string{{"X-A", " v\x00al\r\n"}, {"Bad Name", "x"}, {"", "y"}, {"X-Tab", "a\tb"}},
			wantHead: "HTTP/1.1 200 OK  Injected: 1\r\nX-A: v al\r\nX-Tab: a\tb\r\nContent-Length: 0\r\n\r\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			block, off := ResponseBlock(c.proto, c.status, c.text, c.headers, []byte(c.body))
			if got := string(block[:off]); got != c.wantHead {
				t.Errorf("head:\n%q\nwant\n%q", got, c.wantHead)
			}
			if string(block[off:]) != c.body {
				t.Errorf("payload %q, want %q", block[off:], c.body)
			}
			// net/http reads the same payload, as gowarc's verifier does.
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if string(body) != c.body || resp.StatusCode != c.status {
				t.Errorf("net/http reads %d %q", resp.StatusCode, body)
			}
			if _, err := parseHTTPHead(TypeResponse, block); err != nil {
				t.Errorf("Write would reject the block: %v", err)
			}
		})
	}
}

func TestRequestBlock(t *testing.T) {
	block, off := RequestBlock("GET", "/a b?q=é", "h2", [][2]string{
		{":method", "GET"}, {":authority", "example.com"}, {":path", "/"}, {"accept", "*/*"},
		{"Transfer-Encoding", "chunked"},
	}, nil)
	want := "GET /a%20b?q=%C3%A9 HTTP/1.1\r\naccept: */*\r\nX-Sightline-Original-Transfer-Encoding: chunked\r\n" +
		"Host: example.com\r\nX-Sightline-Protocol: h2\r\n\r\n"
	if string(block) != want || off != len(block) {
		t.Errorf("GET block:\n%q\nwant\n%q", block, want)
	}

	block, off = RequestBlock("POST", "https://example.com/api", "HTTP/1.1", [][2]string{
		{"Host", "example.com"}, {":authority", "other.example"}, {"Content-Type", "application/json"},
		{"Content-Encoding", "gzip"}, {"Content-Length", "99"},
	}, []byte(`{"a":1}`))
	want = "POST https://example.com/api HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n" +
		"Content-Encoding: gzip\r\nX-Sightline-Original-Content-Length: 99\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
	if string(block) != want || string(block[off:]) != `{"a":1}` {
		t.Errorf("POST block:\n%q\nwant\n%q", block, want)
	}
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(block)))
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(req.Body); string(body) != `{"a":1}` {
		t.Errorf("net/http reads body %q", body)
	}

	block, _ = RequestBlock("GET", "", "HTTP/1.1", [][2]string{{"Content-Length", "0"}}, nil)
	if !strings.HasPrefix(string(block), "GET / HTTP/1.1\r\nX-Sightline-Original-Content-Length: 0\r\nContent-Length: 0\r\n") {
		t.Errorf("empty target: %q", block)
	}
}

// TestWriteRejects checks that Write refuses records that would not read
// back the same or that break the format, and writes nothing for them.
func TestWriteRejects(t *testing.T) {
	good := func() *Record {
		block, at := ResponseBlock("HTTP/1.1", 200, "OK", nil, []byte("body"))
		return &Record{Type: TypeResponse, Date: baseTime, TargetURI: "https://example.com/", Block: block, PayloadOffset: at}
	}
	raw := func(head, body string) func(r *Record) {
		return func(r *Record) { r.Block = []byte(head + "\r\n\r\n" + body); r.PayloadOffset = len(head) + 4 }
	}
	cases := []struct {
		name string
		edit func(r *Record)
		want string
	}{
		{"unknown type", func(r *Record) { r.Type = "revisit" }, "not one Sightline writes"},
		{"date before year 1", func(r *Record) { r.Date = baseTime.AddDate(-2025, 0, 0) }, "out of range"},
		{"no date", func(r *Record) { r.Date = time.Time{} }, "no date"},
		{"bad ID", func(r *Record) { r.ID = "urn:uuid:1" }, "WARC-Record-ID"},
		{"CRLF in target", func(r *Record) { r.TargetURI = "https://e.com/\r\nWARC-Type: x" }, "control character"},
		{"space in target", func(r *Record) { r.TargetURI = "https://e.com/a b" }, "space"},
		{"bad IP", func(r *Record) { r.IPAddress = "1.2.3" }, "WARC-IP-Address"},
		{"managed field", func(r *Record) { r.Fields = [][2]string{{"content-length", "5"}} }, "set by the writer"},
		{"field name not a token", func(r *Record) { r.Fields = [][2]string{{"A:B", "5"}} }, "not a token"},
		{"field value with LF", func(r *Record) { r.Fields = [][2]string{{"X", "a\nb"}} }, "control character"},
		{"field value padded", func(r *Record) { r.Fields = [][2]string{{"X", " a"}} }, "white space"},
		{"wrong content type", func(r *Record) { r.ContentType = "text/html" }, "Content-Type"},
		{"payload offset off", func(r *Record) { r.PayloadOffset-- }, "payload offset"},
		{"payload offset 0", func(r *Record) { r.PayloadOffset = 0 }, "payload offset"},
		{"resource offset", func(r *Record) {
			r.Type, r.ContentType, r.PayloadOffset = TypeResource, "text/plain", 2
		}, "resource payload offset"},
		{"no end of head", func(r *Record) { r.Block = []byte("HTTP/1.1 200 OK\r\n") }, "blank line"},
		{"transfer-encoding", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "4\r\nbody\r\n0\r\n\r\n"), "Transfer-Encoding"},
		{"length mismatch", raw("HTTP/1.1 200 OK\r\nContent-Length: 5", "body"), "Content-Length 5"},
		{"no length", raw("HTTP/1.1 200 OK", "body"), "no Content-Length"},
		{"two lengths", raw("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 4", "body"), "repeated"},
		{"304 with body", raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 4", "body"), "cannot have a payload"},
		{"bad status line", raw("HTTP/2 200 OK\r\nContent-Length: 4", "body"), "status line"},
		{"folded header", raw("HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 4", "body"), "bad header line"},
		{"request line", func(r *Record) {
			r.Type, r.ContentType = TypeRequest, ""
			raw("GET /a b HTTP/1.1", "")(r)
		}, "request line"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := good()
			c.edit(r)
			var b bytes.Buffer
			_, _, err := NewWriter(&b).Write(r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes for a rejected record", b.Len())
			}
		})
	}
	// The unedited record is fine, so each case fails for its own reason.
	if _, _, err := NewWriter(io.Discard).Write(good()); err != nil {
		t.Fatal(err)
	}
}
