package report

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"image"
	"image/draw"
	_ "image/jpeg" // screenshots may be JPEG
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

//go:embed templates
var templateFS embed.FS

var (
	pages = template.Must(template.New("").Funcs(template.FuncMap{
		"utc":    utc,
		"dash":   orDash,
		"upper":  strings.ToUpper,
		"minute": func(t time.Time) string { return clock(t, "2006-01-02 15:04") },
		"second": func(t time.Time) string { return clock(t, "2006-01-02 15:04:05") },
		"intact": func(s string) bool { return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "intact") },
		"statusClass": func(e exhibitView) string {
			return map[string]string{"Withdrawn": "red", "Incomplete": "amber"}[e.Status]
		},
	}).ParseFS(templateFS, "templates/*.html"))
	style = template.CSS(must(templateFS.ReadFile("templates/style.css")))
)

func must(b []byte, err error) string {
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Page geometry in millimetres, as templates/style.css sets it: A4 with
// its margins, and the height of one part of a screenshot below its
// caption, kept a little short of the room left so that a part never runs
// onto a second page.
const (
	contentWMM = 210 - 2*16
	sliceMM    = 230.0
)

// document is a report being typeset: a folder with the HTML page and its
// images, and the page furniture.
type document struct {
	dir            string
	header, footer string
}

// furniture is what the header and footer of every page say.
type furniture struct {
	Marking, Left, Right, Software string
}

func newDocument(classification, left, title, software string, created time.Time) (*document, error) {
	dir, err := os.MkdirTemp("", "sightline-report-")
	if err != nil {
		return nil, fmt.Errorf("make a folder to typeset in: %w", err)
	}
	f := furniture{Marking: marking(classification), Left: left, Right: title, Software: orDash(software)}
	if !created.IsZero() {
		f.Right += " · " + created.UTC().Format("2 January 2006")
	}
	var h, ft bytes.Buffer
	if err := pages.ExecuteTemplate(&h, "header", f); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := pages.ExecuteTemplate(&ft, "footer", f); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &document{dir: dir, header: h.String(), footer: ft.String()}, nil
}

func (d *document) remove() { os.RemoveAll(d.dir) }

// print writes the page template name with data v into the folder and has
// p print it to w.
func (d *document) print(ctx context.Context, name string, v any, w io.Writer, p Printer) ([]string, error) {
	if p == nil {
		return nil, fmt.Errorf("no printer: the report is typeset by Chromium")
	}
	var page bytes.Buffer
	if err := pages.ExecuteTemplate(&page, name, v); err != nil {
		return nil, fmt.Errorf("write HTML: %w", err)
	}
	path := filepath.Join(d.dir, "index.html")
	if err := os.WriteFile(path, page.Bytes(), 0o600); err != nil {
		return nil, fmt.Errorf("write HTML: %w", err)
	}
	return p.PrintPDF(ctx, path, d.header, d.footer, w)
}

// marking is the classification as printed.
func marking(classification string) string {
	if m := strings.TrimSpace(classification); m != "" {
		return m
	}
	return "NO CLASSIFICATION MARKING SET"
}

// reportView is what templates/report.html shows.
type reportView struct {
	R            Report
	Style        template.CSS
	Marking      string
	Officer      string
	ExhibitCount string
	Exhibits     []exhibitView
	Verify       []verifyLine
}

type exhibitView struct {
	Exhibit
	N      int
	Status string
	Took   string
	Image  string // the screenshot's file beside the page
	Parts  []shotPart
}

// shotPart is one page's window onto a screenshot.
type shotPart struct {
	K, Of          int
	W, H           int // the image's size in pixels
	Percent        string
	From, To       int // the image rows shown, from 1
	TopMM, SliceMM string
	Cut            string // on the last part shown, what is left out
}

type verifyLine struct {
	Text    string
	Command bool
}

func (d *document) exhibitView(r Report) (reportView, error) {
	v := reportView{R: r, Style: style, Marking: marking(r.Classification),
		Officer: strings.TrimSpace(r.Officer + " " + r.OfficerName), ExhibitCount: exhibitCount(r.Exhibits),
		Verify: verifyLines(r.Verify)}
	for i, e := range r.Exhibits {
		ev := exhibitView{Exhibit: e, N: i + 1, Status: e.status(), Took: duration(e.Started, e.Ended)}
		if len(e.Screenshot) > 0 {
			var format string
			var err error
			if ev.Parts, format, err = shotParts(e); err != nil {
				return v, fmt.Errorf("exhibit %s: screenshot: %w", e.Ref, err)
			}
			shot, rows := e.Screenshot, ev.Parts[len(ev.Parts)-1].To
			if rows < ev.Parts[0].H {
				if shot, err = topRows(shot, rows); err != nil {
					return v, fmt.Errorf("exhibit %s: screenshot: %w", e.Ref, err)
				}
				format = "png"
			}
			ev.Image = fmt.Sprintf("shot-%d.%s", i+1, format)
			if err := os.WriteFile(filepath.Join(d.dir, ev.Image), shot, 0o600); err != nil {
				return v, fmt.Errorf("exhibit %s: screenshot: %w", e.Ref, err)
			}
		}
		v.Exhibits = append(v.Exhibits, ev)
	}
	return v, nil
}

// shotParts splits e's screenshot, scaled to the page width, into parts of
// sliceMM, at most MaxScreenshotPages of them, and names its format
// ("png" or "jpeg").
func shotParts(e Exhibit) ([]shotPart, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(e.Screenshot))
	if err != nil {
		return nil, "", fmt.Errorf("read image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", fmt.Errorf("read image: empty image %dx%d", cfg.Width, cfg.Height)
	}
	mmPerPx := contentWMM / float64(cfg.Width)
	scaled := float64(cfg.Height) * mmPerPx
	of := max(1, int(math.Ceil((scaled-0.01)/sliceMM)))
	shown := min(of, MaxScreenshotPages)
	rowsPerPart := sliceMM / mmPerPx
	cssPx := contentWMM / 25.4 * 96
	parts := make([]shotPart, shown)
	for k := range parts {
		top := float64(k) * sliceMM
		p := shotPart{K: k + 1, Of: shown, W: cfg.Width, H: cfg.Height,
			Percent: fmt.Sprintf("%.0f", cssPx/float64(cfg.Width)*100),
			From:    int(float64(k)*rowsPerPart) + 1, To: min(cfg.Height, int(float64(k+1)*rowsPerPart)),
			TopMM: mm(top), SliceMM: mm(math.Min(sliceMM, scaled-top))}
		if k == shown-1 && shown < of {
			p.Cut = fmt.Sprintf("Rows %d to %d are not printed in this report: see evidence/screenshot.png in %s.", p.To+1, cfg.Height, orDash(e.BundleFile))
		}
		parts[k] = p
	}
	return parts, format, nil
}

// topRows is the image's top rows as a PNG: Chromium stores the whole of
// an image it draws, so a screenshot cut short is cut before printing.
func topRows(img []byte, rows int) ([]byte, error) {
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	b := m.Bounds()
	b.Max.Y = b.Min.Y + rows
	top := image.NewNRGBA(image.Rect(0, 0, b.Dx(), rows))
	draw.Draw(top, top.Bounds(), m, b.Min, draw.Src)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, top); err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	return out.Bytes(), nil
}

func mm(v float64) string { return fmt.Sprintf("%.3f", v) }

// verifyLines splits the verification text into paragraphs and commands:
// a line starting with "$ " or indented is a command.
func verifyLines(text string) []verifyLine {
	var out []verifyLine
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, verifyLine{Text: strings.Join(para, " ")})
			para = nil
		}
	}
	for _, ln := range strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(ln) == "":
			flush()
		case strings.HasPrefix(ln, "$ ") || strings.HasPrefix(ln, "  ") || strings.HasPrefix(ln, "\t"):
			flush()
			out = append(out, verifyLine{Text: strings.TrimLeft(ln, " \t"), Command: true})
		default:
			para = append(para, ln)
		}
	}
	flush()
	return out
}

func clock(t time.Time, layout string) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format(layout)
}

// exhibitCount says how many exhibits there are and how many are not whole.
func exhibitCount(es []Exhibit) string {
	var withdrawn, incomplete int
	for _, e := range es {
		switch e.status() {
		case "Withdrawn":
			withdrawn++
		case "Incomplete":
			incomplete++
		}
	}
	s := fmt.Sprintf("%d", len(es))
	var extra []string
	if withdrawn > 0 {
		extra = append(extra, fmt.Sprintf("%d withdrawn", withdrawn))
	}
	if incomplete > 0 {
		extra = append(extra, fmt.Sprintf("%d incomplete", incomplete))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// duration says how long a capture took, when both ends are known.
func duration(start, end time.Time) string {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return ""
	}
	return fmt.Sprintf("  (%.1f s after start)", end.Sub(start).Seconds())
}
