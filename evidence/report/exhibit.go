package report

import (
	"fmt"
	"strings"
	"time"
)

// exhibit draws one exhibit: a page with its heading, notices and details,
// then its screenshot on pages of its own.
func (d *doc) exhibit(i int, toc *slot) error {
	e := d.r.Exhibits[i]
	outline := "Exhibit " + e.Ref
	if e.Title != "" {
		outline += " — " + e.Title
	}
	if err := d.fonts.use(faceSans, 10); err != nil {
		return err
	}
	if err := d.startSection(toc, exhibitAnchor(i), outline); err != nil {
		return err
	}
	if err := d.exhibitHeading(e); err != nil {
		return err
	}
	if e.Withdrawn != "" {
		if err := d.notice("WITHDRAWN", "This exhibit has been withdrawn from the case and must not be relied on. Reason: "+e.Withdrawn, colRed, colRedBg); err != nil {
			return err
		}
	}
	if e.Incomplete != "" {
		if err := d.notice("INCOMPLETE CAPTURE", "The capture did not complete normally. Reason: "+e.Incomplete, colAmber, colAmberBg); err != nil {
			return err
		}
	}
	if len(e.Screenshot) == 0 {
		if err := d.notice("NO SCREENSHOT", "No full-page screenshot was supplied for this exhibit.", colAmber, colAmberBg); err != nil {
			return err
		}
	}
	d.continued = func() (float64, error) { return d.continuedLine("Exhibit " + e.Ref + " (continued)") }
	if err := d.drawTable(kvTable(), exhibitRows(e)); err != nil {
		return err
	}
	if len(e.Screenshot) > 0 {
		if err := d.screenshot(e); err != nil {
			return fmt.Errorf("screenshot: %w", err)
		}
	}
	d.continued = nil
	return nil
}

// exhibitHeading draws "Exhibit JS/1", the status on the right, and the title.
func (d *doc) exhibitHeading(e Exhibit) error {
	tagSt := style{faceBold, 9, colWhite}
	tagBg := map[string]rgb{"Withdrawn": colRed, "Incomplete": colAmber, "Complete": colAccent}[e.status()]
	tag, err := d.fit(strings.ToUpper(e.status()), tagSt, 120)
	if err != nil {
		return err
	}
	tagW := tag.width + 14
	ref, err := d.fit("Exhibit "+e.Ref, stH2, contentW-tagW-12)
	if err != nil {
		return err
	}
	if err := d.drawLine(ref, stH2, marginX, d.y+stH2.baseline(), contentW, alignLeft); err != nil {
		return err
	}
	tagY := d.y + 3
	d.box(marginX+contentW-tagW, tagY, tagW, 16, tagBg)
	if err := d.drawLine(tag, tagSt, marginX+contentW-tagW, tagY+4+tagSt.size*0.78, tagW, alignCenter); err != nil {
		return err
	}
	d.y += stH2.lineHeight() + 2
	d.rule(d.y, colAccent, 1.2)
	d.y += 8
	if e.Title != "" {
		h, err := d.textBlock(e.Title, stH3, marginX, d.y, contentW, alignStart)
		if err != nil {
			return err
		}
		d.y += h + 8
	}
	return nil
}

// continuedLine draws a muted line at the top of a page a section runs onto.
func (d *doc) continuedLine(text string) (float64, error) {
	l, err := d.fit(text, stContinued, contentW)
	if err != nil {
		return 0, err
	}
	if err := d.drawLine(l, stContinued, marginX, d.y+stContinued.baseline(), contentW, alignLeft); err != nil {
		return 0, err
	}
	return stContinued.lineHeight() + 6, nil
}

// exhibitRows are the exhibit's details as key/value rows.
func exhibitRows(e Exhibit) []row {
	final := val(e.FinalURL)
	if e.FinalURL != "" && e.FinalURL == e.URL {
		final = val(e.FinalURL + "  (same as requested)")
	}
	status := val("Complete")
	switch {
	case e.Withdrawn != "":
		status = part{"Withdrawn: " + e.Withdrawn, style{faceBold, 8.5, colRed}}
	case e.Incomplete != "":
		status = part{"Incomplete: " + e.Incomplete, style{faceBold, 8.5, colAmber}}
	}
	rows := []row{
		kv("Exhibit reference", part{orDash(e.Ref), stLabel}),
		kv("Capture ID", mono(e.CaptureID)),
		kv("Page title", val(e.Title)),
		kv("Requested URL", val(e.URL)),
		kv("Final URL", final),
		kv("Capture started", val(utc(e.Started))),
		kv("Capture ended", val(utc(e.Ended)+duration(e.Started, e.Ended))),
		kv("Officer", val(e.Officer)),
		kv("Persona", val(e.Persona)),
		kv("Bundle file", mono(e.BundleFile)),
		kv("Bundle SHA-256", mono(e.SHA256)),
		kv("Bundle identity", mono(e.PackageID)),
		kv("Note", val(e.Note)),
		kv("Status", status),
	}
	if e.Withdrawn != "" && e.Incomplete != "" {
		rows = append(rows, kv("Capture", part{"Incomplete: " + e.Incomplete, style{faceBold, 8.5, colAmber}}))
	}
	return rows
}

// duration says how long a capture took, when both ends are known.
func duration(start, end time.Time) string {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return ""
	}
	return fmt.Sprintf("  (%.1f s after start)", end.Sub(start).Seconds())
}
