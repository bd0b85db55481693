// Package training serves, on loopback, a fictional social network
// (Harbourline) and news site (Harbour Herald) for researchers to practise
// on: profiles, posts with comments, an endless feed, cookie and log-in
// overlays, images and a short video, with the structured data and markup
// real platforms have. Nothing in it is real; nothing leaves the machine.
// `sightline training` opens the app on it, in a workspace marked as
// training; the same pages are test fixtures.
package training

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The site's host names. The research browser resolves them to the
// loopback server (HostRules), so that a page's address, and a subject's
// identifier, stay the same from one session to the next.
const (
	NetworkHost = "harbourline.training"
	NewsHost    = "herald.training"
)

// Home is where a training session starts.
const Home = "http://" + NetworkHost + "/"

//go:embed site/clip.webm
var clip []byte

//go:embed site/page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// Server is the training site, running.
type Server struct {
	srv  *http.Server
	addr string
}

// Start serves the site on a free loopback port until ctx ends or Close.
func Start(ctx context.Context) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("training site: %w", err)
	}
	s := &Server{srv: &http.Server{Handler: Handler(), ReadHeaderTimeout: 10 * time.Second}, addr: l.Addr().String()}
	go s.srv.Serve(l) //nolint:errcheck // ends with Close
	context.AfterFunc(ctx, func() { s.Close() })
	return s, nil
}

// Addr is the server's loopback address, host:port.
func (s *Server) Addr() string { return s.addr }

// HostRules maps the site's host names to the server, for
// capture.Options.HostRules.
func (s *Server) HostRules() string {
	return fmt.Sprintf("MAP %s %s, MAP %s %s", NetworkHost, s.addr, NewsHost, s.addr)
}

// Close stops the server.
func (s *Server) Close() error {
	if err := s.srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Handler serves both sites, by the request's host; any other host gets
// the network.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if hostOf(r) == NewsHost {
			render(w, view{Site: "herald", Title: "Harbour Herald", Articles: articles})
			return
		}
		render(w, view{Site: "network", Title: "Harbourline", Feed: network.latest(0), Next: 1, Accounts: network.accounts})
	})
	mux.HandleFunc("GET /{at}", func(w http.ResponseWriter, r *http.Request) {
		a := network.account(handle(r))
		if a == nil {
			http.NotFound(w, r)
			return
		}
		render(w, view{Site: "network", Title: a.Name + " (@" + a.Handle + ") · Harbourline", Profile: a,
			Feed: network.by(a.Handle, 0), Next: 1})
	})
	mux.HandleFunc("GET /{at}/post/{id}", func(w http.ResponseWriter, r *http.Request) {
		p := network.post(handle(r), r.PathValue("id"))
		if p == nil {
			http.NotFound(w, r)
			return
		}
		render(w, view{Site: "network", Title: p.Author.Name + " on Harbourline: " + clipText(p.Text, 60), Post: p})
	})
	mux.HandleFunc("GET /api/feed", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		feed := network.latest(n)
		if h := r.URL.Query().Get("handle"); h != "" {
			feed = network.by(h, n)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := page.ExecuteTemplate(w, "posts", feed); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("GET /api/post/{id}/full", func(w http.ResponseWriter, r *http.Request) {
		for _, p := range network.posts {
			if p.ID == r.PathValue("id") {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				fmt.Fprint(w, p.Text)
				return
			}
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /news/{slug}", func(w http.ResponseWriter, r *http.Request) {
		for i := range articles {
			if articles[i].Slug == r.PathValue("slug") {
				render(w, view{Site: "herald", Title: articles[i].Headline + " | Harbour Herald", Article: &articles[i]})
				return
			}
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /img/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(picture(r.PathValue("name"))) //nolint:errcheck // the client reads what arrived
	})
	mux.HandleFunc("GET /video/clip.webm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/webm")
		http.ServeContent(w, r, "clip.webm", time.Time{}, bytes.NewReader(clip))
	})
	return mux
}

// handle is the account a path's first segment names ("@jo.harbour"),
// "" for none.
func handle(r *http.Request) string {
	h, ok := strings.CutPrefix(r.PathValue("at"), "@")
	if !ok {
		return ""
	}
	return h
}

func hostOf(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		return r.Host
	}
	return h
}

// view is what page.html renders: one of the pages, by which is set.
type view struct {
	Site, Title string
	Accounts    []*Account
	Profile     *Account
	Feed        []*Post
	Next        int
	Post        *Post
	Articles    []Article
	Article     *Article
}

func render(w http.ResponseWriter, v view) {
	var b bytes.Buffer
	if err := page.Execute(&b, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes()) //nolint:errcheck // the client reads what arrived
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// picture is a small image of a colour its name picks, for avatars and
// photos.
func picture(name string) []byte {
	var h uint32 = 2166136261
	for _, c := range []byte(name) {
		h = (h ^ uint32(c)) * 16777619
	}
	c := color.RGBA{uint8(h), uint8(h >> 8), uint8(h >> 16), 255}
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			if (x/12+y/12)%2 == 0 {
				img.SetRGBA(x, y, c)
			} else {
				img.SetRGBA(x, y, color.RGBA{240, 240, 235, 255})
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img) //nolint:errcheck // to memory
	return b.Bytes()
}

// URL is the address of a path on the network.
func URL(path string) string { return "http://" + NetworkHost + "/" + strings.TrimPrefix(path, "/") }
