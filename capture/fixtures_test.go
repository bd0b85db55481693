package capture

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/image/font/gofont/goregular"
)

// The bodies the fixture server sends, which the tests compare with what a
// capture kept. The server writes exactly these bytes.
var site = struct {
	pixel, pixel2 []byte // PNG images
	font          []byte // a TrueType font (Go Regular)
	data          []byte // JSON fetched after the load event
	big           []byte // JSON of 5,000 bytes and more
	gzipText      []byte // sent gzip-encoded
	latin1        []byte // text in ISO-8859-1
	report        []byte // a file to download
}{
	pixel:    solidPNG(color.RGBA{200, 30, 30, 255}),
	pixel2:   solidPNG(color.RGBA{30, 30, 200, 255}),
	font:     goregular.TTF,
	data:     []byte(`{"message":"Fetched after load","n":42}`),
	big:      []byte(`{"pad":"` + strings.Repeat("x", 5000) + `"}`),
	gzipText: []byte(strings.Repeat("Compressed on the wire, decoded in the capture. ", 40)),
	latin1:   []byte("caf\xe9 cr\xe8me br\xfbl\xe9e"),
	report:   bytes.Repeat([]byte("SIGHTLINE-REPORT\x00\x01\x02"), 300),
}

// bands are the colours of the tall generated pages, 1,000 CSS pixels each.
var bands = []color.RGBA{{255, 0, 0, 255}, {0, 160, 0, 255}, {0, 0, 255, 255}}

func solidPNG(c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 64 {
		img.SetRGBA(i%8, i/8, c)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// siteRoutes adds the routes of the full-fidelity fixtures:
//
//	/full               testdata/full.html with cookies and a repeated header
//	/img/pixel.png      an image; /img/moved.png 302s to /img/pixel2.png
//	/font.ttf           a web font, font/ttf
//	/api/data.json      JSON the page fetches after load; /api/big.json 5 kB
//	/api/echo           echoes a POST body
//	/api/more?i=N       the next item of the infinite feed
//	/gzip.txt           text sent with Content-Encoding: gzip
//	/latin1.txt         text in ISO-8859-1
//	/files/report.bin   a download (Content-Disposition: attachment)
//	/height?px=N        a page N CSS pixels tall in coloured bands
//	/par/N              a page with its own image and fetch, for parallel captures
//	/oopif              a page with a cross-site iframe (localhost in a 127.0.0.1 page)
//	/worker.html        a page whose worker (/worker.js) fetches /api/data.json
func siteRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/full", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Set-Cookie", "session=abc123; Path=/; HttpOnly; SameSite=Lax")
		h.Add("Set-Cookie", "pref=dark; Path=/; Max-Age=3600")
		h.Add("X-Dup", "one")
		h.Add("X-Dup", "two")
		http.ServeFileFS(w, r, os.DirFS("testdata"), "full.html")
	})
	serve(mux, "/img/pixel.png", "image/png", site.pixel)
	serve(mux, "/img/pixel2.png", "image/png", site.pixel2)
	mux.Handle("/img/moved.png", http.RedirectHandler("/img/pixel2.png", http.StatusFound))
	serve(mux, "/font.ttf", "font/ttf", site.font)
	serve(mux, "/api/data.json", "application/json", site.data)
	serve(mux, "/api/big.json", "application/json", site.big)
	serve(mux, "/latin1.txt", "text/plain; charset=iso-8859-1", site.latin1)
	mux.HandleFunc("/api/echo", echo)
	mux.HandleFunc("/api/more", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "item %s", r.URL.Query().Get("i"))
	})
	mux.HandleFunc("/gzip.txt", gzipped)
	mux.HandleFunc("/files/report.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="report.bin"`)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(site.report) //nolint:errcheck // the test sees what arrived
	})
	mux.HandleFunc("/height", tallPage)
	serve(mux, "/worker.js", "text/javascript",
		[]byte(`fetch("/api/data.json").then(r => r.json()).then(d => postMessage(d.message));`))
	serve(mux, "/worker.html", "text/html; charset=utf-8", []byte(`<!DOCTYPE html><html><head><title>Worker fixture</title></head>`+
		`<body><p id="out">Waiting for the worker.</p><script>new Worker("/worker.js").onmessage = e => `+
		`{ document.getElementById("out").textContent = "Worker says: " + e.data; };</script></body></html>`))
	mux.HandleFunc("/oopif", func(w http.ResponseWriter, r *http.Request) {
		other := strings.Replace(r.Host, "127.0.0.1", "localhost", 1)
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Iframe fixture</title></head>`+
			`<body><h1>A page with a cross-site iframe</h1><iframe src="http://%s/tall.html"></iframe></body></html>`, other)
	})
	mux.HandleFunc("/par/{n}", parallelPage)
	mux.HandleFunc("/par/{n}/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"page":%q}`, r.PathValue("n"))
	})
	mux.HandleFunc("/par/{n}/img.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(site.pixel) //nolint:errcheck // the test sees what arrived
	})
}

func serve(mux *http.ServeMux, path, mime string, body []byte) {
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", mime)
		w.Write(body) //nolint:errcheck // the test sees what arrived
	})
}

func echo(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	buf.ReadFrom(r.Body) //nolint:errcheck // an empty echo shows it
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "%s %s", r.Method, buf.Bytes())
}

func gzipped(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	z := gzip.NewWriter(w)
	z.Write(site.gzipText) //nolint:errcheck // the test sees what arrived
	z.Close()
}

// tallPage is px CSS pixels tall: bands of 1,000 pixels in the colours of
// bands, then the rest.
func tallPage(w http.ResponseWriter, r *http.Request) {
	px, _ := strconv.Atoi(r.URL.Query().Get("px"))
	fmt.Fprint(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Height fixture</title>`+
		`<style>body{margin:0}div{height:1000px;font:40px sans-serif}</style></head><body>`)
	for i := 0; i < px/1000; i++ {
		c := bands[i%len(bands)]
		fmt.Fprintf(w, `<div style="background:rgb(%d,%d,%d)">band %d</div>`, c.R, c.G, c.B, i)
	}
	if rest := px % 1000; rest > 0 {
		fmt.Fprintf(w, `<div style="height:%dpx"></div>`, rest)
	}
	fmt.Fprint(w, `</body></html>`)
}

func parallelPage(w http.ResponseWriter, r *http.Request) {
	n := r.PathValue("n")
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Parallel %[1]s</title></head>
<body><h1>Parallel page %[1]s</h1><img src="/par/%[1]s/img.png" width="8" height="8"><p id="out"></p>
<script>
window.addEventListener("load", function () {
  fetch("/par/%[1]s/data.json").then(r => r.json()).then(d => { document.getElementById("out").textContent = "page " + d.page; });
});
</script></body></html>`, n)
}
