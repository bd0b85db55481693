package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// auditPage is how many events the audit tab lists at once. Pages are
// read by seq (audit.Filter.Before), so the thousandth page of a log of a
// million events costs what the first does.
const auditPage = 200

// auditTab reviews the audit log: filters, the chain's status and the
// repeated-viewing flags, as "sightline audit log|verify|flags" show them.
type auditTab struct {
	u                                           *UI
	caseRef, officer, subject, action, from, to *widget.Entry
	chain, flags, summary                       *widget.Label
	events                                      []audit.Event
	list                                        *widget.List
	verify, newer, older                        *widget.Button

	// The central store, when the tab reviews it instead (auditcentral.go).
	review             *workspace.CentralReview
	stations           []string // each event's workstation
	workstation        *widget.Entry
	source             *widget.Label
	toCentral, toLocal *widget.Button

	filter audit.Filter // as last applied
	pages  []int64      // the Before bound of each page shown so far; 0 for the newest
	total  int64        // events the filter selects; -1 while counted
	// reads and filters count the page reads and reloads started, so that
	// only the latest one shows.
	reads, filters int
	flagsShown     flagsKey
}

func (u *UI) newAuditTab() *auditTab {
	t := &auditTab{u: u}
	entry := func(hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		return e
	}
	t.caseRef, t.officer, t.subject = entry("case"), entry("officer"), entry("subject, e.g. S1")
	t.action, t.from, t.to = entry("action, e.g. view"), entry("from YYYY-MM-DD"), entry("before YYYY-MM-DD")
	t.chain = widget.NewLabel("Chain not verified yet.")
	t.flags = widget.NewLabel("")
	t.flags.Wrapping = fyne.TextWrapWord
	t.summary = widget.NewLabel("")
	t.verify = widget.NewButton("Verify chain", t.verifyChain)
	t.newer = widget.NewButtonWithIcon("Newer", theme.NavigateBackIcon(), t.newerPage)
	t.older = widget.NewButtonWithIcon("Older", theme.NavigateNextIcon(), t.olderPage)
	t.newer.Disable()
	t.older.Disable()
	t.workstation = entry("workstation (central store)")
	t.source = widget.NewLabel("")
	t.toCentral = widget.NewButton("Review the central store…", t.askCentral)
	t.toLocal = widget.NewButton("Back to this workstation", t.leaveCentral)
	t.showSource()
	t.list = widget.NewList(
		func() int { return len(t.events) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			line := eventLine(t.events[i])
			if t.review != nil && i < len(t.stations) {
				line = fmt.Sprintf("%.12s  %s", t.stations[i], line)
			}
			o.(*widget.Label).SetText(line)
		},
	)
	return t
}

// object lays out the filters, chain status, flags and events.
func (t *auditTab) object() fyne.CanvasObject {
	filters := container.NewGridWithColumns(7, t.caseRef, t.officer, t.subject, t.action, t.from, t.to, t.workstation)
	top := container.NewVBox(container.NewHBox(t.source, t.toCentral, t.toLocal), filters,
		container.NewHBox(widget.NewButton("Apply filters", t.reload), t.verify, t.chain),
		widget.NewLabelWithStyle("Repeated-viewing flags", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.flags, widget.NewSeparator(), container.NewBorder(nil, nil, nil, container.NewHBox(t.newer, t.older), t.summary))
	return container.NewBorder(top, nil, nil, nil, t.list)
}

// show selects the case ref and lists what the filters select.
func (t *auditTab) show(ref string) {
	t.caseRef.SetText(ref)
	t.reload()
}

// reload applies the filters: the newest page of the events they select,
// then their count and the flags, read off Fyne's goroutine.
func (t *auditTab) reload() {
	f, err := t.readFilters()
	if err != nil {
		t.u.showError("Could not read the filters", err, nil)
		return
	}
	t.filter, t.pages, t.total = f, []int64{0}, -1
	t.filters++
	if t.review != nil {
		t.reloadCentral(f)
		return
	}
	gen := t.filters
	shown := t.flagsShown
	t.readPage(func(ctx context.Context) {
		n, err := t.u.ws.CountAuditEvents(ctx, f)
		t.u.do(func() {
			if gen != t.filters {
				return
			}
			if err != nil {
				t.u.showError("Could not count the audit events", err, nil)
			}
			t.total = n
			t.showSummary()
		})
		head, err := t.u.ws.AuditHead(ctx)
		want := flagsKey{f.Case, f.Subject, head}
		if err == nil && want == shown {
			return
		}
		t.u.do(func() { t.flags.SetText("Deriving the flags…") })
		flags, err := t.u.ws.Flags(ctx, f.Case)
		t.u.do(func() {
			if gen != t.filters {
				return
			}
			if err != nil {
				t.flags.SetText("")
				t.u.showError("Could not derive the flags", err, nil)
				return
			}
			t.flags.SetText(flagsText(flags, f.Subject))
			t.flagsShown = want
		})
	})
}

// flagsKey is what the flags shown were derived for: the same case and
// subject at the same audit head give the same flags
// (workspace.Workspace.AuditHead), so they are not derived again.
type flagsKey struct {
	caseRef, subject string
	head             int64
}

// readPage reads the page that t.pages ends with, newest first, and then
// runs then (if any) in the same background job.
func (t *auditTab) readPage(then func(context.Context)) {
	t.reads++
	read, ctx := t.reads, t.u.ctx
	f := t.filter
	f.Newest, f.Limit, f.Before = true, auditPage, t.pages[len(t.pages)-1]
	t.newer.Disable()
	t.older.Disable()
	t.summary.SetText("Reading the audit log…")
	t.u.goJob(func() {
		events, err := t.u.ws.AuditEvents(ctx, f)
		t.u.do(func() {
			if read != t.reads {
				return
			}
			if err != nil {
				t.u.showError("Could not read the audit log", err, nil)
			}
			t.events = events
			t.list.ScrollToTop()
			t.list.Refresh()
			if len(t.pages) > 1 {
				t.newer.Enable()
			}
			if len(events) == auditPage {
				t.older.Enable()
			}
			t.showSummary()
		})
		if then != nil {
			then(ctx)
		}
	})
}

// olderPage shows the page after the one shown, newerPage the one before.
func (t *auditTab) olderPage() {
	if len(t.events) == 0 {
		return
	}
	t.pages = append(t.pages, t.events[len(t.events)-1].Seq)
	t.readPage(nil)
}

func (t *auditTab) newerPage() {
	if len(t.pages) < 2 {
		return
	}
	t.pages = t.pages[:len(t.pages)-1]
	t.readPage(nil)
}

// showSummary says which events are listed, of how many.
func (t *auditTab) showSummary() {
	if len(t.events) == 0 {
		t.summary.SetText("No events.")
		return
	}
	first := (len(t.pages)-1)*auditPage + 1
	of := "counting…"
	if t.total >= 0 {
		of = fmt.Sprintf("%d", t.total)
	}
	t.summary.SetText(fmt.Sprintf("Events %d–%d of %s, newest first (seq %d–%d)",
		first, first+len(t.events)-1, of, t.events[0].Seq, t.events[len(t.events)-1].Seq))
}

func (t *auditTab) readFilters() (audit.Filter, error) {
	return workspace.FilterText{Case: t.caseRef.Text, Officer: t.officer.Text, Subject: t.subject.Text,
		Action: t.action.Text, From: t.from.Text, To: t.to.Text}.Filter()
}

// verifyChain recomputes the chain off Fyne's goroutine (every
// workstation's, reviewing the central store).
func (t *auditTab) verifyChain() {
	if t.review != nil {
		t.verifyCentral()
		return
	}
	t.verify.Disable()
	t.chain.SetText("Verifying the chain…")
	ctx := t.u.ctx
	t.u.goJob(func() {
		rep, err := t.u.ws.VerifyAudit(ctx)
		t.u.do(func() {
			t.verify.Enable()
			switch {
			case err != nil:
				t.chain.SetText("Chain not verified.")
				t.u.showError("Could not verify the audit chain", err, nil)
			case rep.OK():
				t.chain.Importance = widget.SuccessImportance
				t.chain.SetText("✓ " + workspace.ChainStatus(rep))
			default:
				t.chain.Importance = widget.DangerImportance
				t.chain.SetText("✗ " + workspace.ChainStatus(rep))
			}
		})
	})
}

func eventLine(e audit.Event) string {
	s := fmt.Sprintf("%d  %s  %s  %s  %s", e.Seq, e.Time.UTC().Format("2006-01-02 15:04:05"), e.Officer, e.Case, e.Action)
	if len(e.Subjects) > 0 {
		s += "  [" + strings.Join(e.Subjects, " ") + "]"
	}
	if e.URL != "" {
		s += "  " + e.URL
	}
	return s
}

// flagsText lists the flags, those of subject only when it is set, the
// last flagLines of them when there are more.
func flagsText(flags []viewing.Flag, subject string) string {
	var lines []string
	for _, f := range flags {
		if subject != "" && f.Subject != subject {
			continue
		}
		when := "—"
		if !f.Time.IsZero() {
			when = f.Time.UTC().Format("2006-01-02 15:04")
		}
		line := fmt.Sprintf("%s  %s  %s %s  %s", when, f.Kind, f.Subject, f.SubjectName, f.Detail)
		if n := len(f.Profiles); n > flagProfiles {
			line += fmt.Sprintf(" %s and %d more", strings.Join(f.Profiles[:flagProfiles], ", "), n-flagProfiles)
		} else if n > 0 {
			line += " " + strings.Join(f.Profiles, ", ")
		}
		lines = append(lines, line)
	}
	return lastFlags(lines, "sightline audit flags")
}

// lastFlags is the text of the last flagLines of lines, which command
// lists in full.
func lastFlags(lines []string, command string) string {
	if len(lines) == 0 {
		return "No flags."
	}
	if n := len(lines); n > flagLines {
		head := fmt.Sprintf("The last %d of %d flags; `%s` lists every one.", flagLines, n, command)
		lines = append([]string{head}, lines[n-flagLines:]...)
	}
	return strings.Join(lines, "\n")
}

// flagLines bounds the flags the tab shows, and flagProfiles the
// profiles named in a collateral flag: a label of a million lines would
// hold up the window for minutes.
const (
	flagLines    = 200
	flagProfiles = 10
)
