package report

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// AuditLog is what an audit log report shows (DESIGN.md §5, §6): the
// events an auditor selected from a workstation's log, the status of the
// whole chain, and the repeated-viewing flags, for review away from the
// workstation. The same AuditLog gives the same bytes.
type AuditLog struct {
	// Classification is printed at the top and bottom of every page; the
	// caller gives the highest marking of the cases the log covers.
	Classification string
	Workspace      string // the workspace id, which the chain starts from
	Officer        string // officer number of whoever produced the report
	OfficerName    string
	Created        time.Time // also the PDF's creation date
	Software       string
	KeyFingerprint string // the workstation key that signs the checkpoints
	Selection      string // the filters in words, e.g. "case OP-1, from 2026-11-01"; "" for all
	// Chain is the status of the whole chain, e.g. "intact: 42 events, head
	// seq 42, …"; text not starting with "intact" is shown as a warning.
	Chain  string
	Events []AuditRow
	Flags  []FlagRow
}

// FlagRow is one finding for review.
type FlagRow struct {
	Time    time.Time // zero for a finding about a subject as a whole
	Kind    string    // "unauthorised-repeat", "collateral-intrusion", …
	Case    string
	Subject string // id and name, e.g. "S1 J Smith"
	Episode int
	Ref     string // the authorisation concerned, if any
	URL     string
	Detail  string
}

// WriteAuditLog typesets l as an A4 PDF with p and writes it to w. It
// returns the fonts the report is set in, which its summary names too.
func WriteAuditLog(ctx context.Context, w io.Writer, l AuditLog, p Printer) ([]string, error) {
	left := "Audit log"
	if l.Selection != "" {
		left += " · " + l.Selection
	}
	d, err := newDocument(l.Classification, left, "Audit log report", l.Software, l.Created)
	if err != nil {
		return nil, fmt.Errorf("audit log report: %w", err)
	}
	defer d.remove()
	selection := l.Selection
	if selection == "" {
		selection = "every event"
	}
	v := auditLogView{L: l, Style: style, Marking: marking(l.Classification), SelectionText: selection,
		Officer: strings.TrimSpace(l.Officer + " " + l.OfficerName)}
	fonts, err := d.print(ctx, "auditlog.html", v, w, p)
	if err != nil {
		return nil, fmt.Errorf("audit log report: %w", err)
	}
	return fonts, nil
}

// auditLogView is what templates/auditlog.html shows.
type auditLogView struct {
	L             AuditLog
	Style         template.CSS
	Marking       string
	SelectionText string
	Officer       string
}

// Amber reports a finding that asks for review rather than one of
// unauthorised viewing.
func (f FlagRow) Amber() bool { return f.Kind == "justification" || f.Kind == "collateral-intrusion" }

// Where is the case, authorisation and URL a finding concerns, in words.
func (f FlagRow) Where() string {
	var extra []string
	for _, s := range []struct{ label, v string }{{"case", f.Case}, {"authorisation", f.Ref}, {"url", f.URL}} {
		if s.v != "" {
			extra = append(extra, s.label+" "+s.v)
		}
	}
	return strings.Join(extra, " · ")
}
