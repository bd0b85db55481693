package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace"
)

// centralPage is how many of the store's events the audit tab lists: the
// newest that the filters select, across workstations.
const centralPage = 500

// askCentral asks for the store's DSN (the configured one to start with:
// an auditor may log in under their own role) and opens it. The audit tab
// then reviews the store read-only (workspace.CentralReview, as `sightline
// audit log|verify|flags --central` do): every workstation's events,
// chains and flags, with a workstation filter beside the others.
func (t *auditTab) askCentral() {
	dsn := widget.NewEntry()
	dsn.SetText(t.u.opts.Central)
	dsn.SetPlaceHolder("host=audit.force.example user=auditor-7 dbname=sightline sslmode=verify-full")
	hint := widget.NewLabel("No password here: PostgreSQL reads it from PGPASSWORD or a 0600 PGPASSFILE.")
	hint.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem("Store", dsn), widget.NewFormItem("", hint)}
	d := dialog.NewForm("Review the central store (read-only)", "Open", "Cancel", items, func(ok bool) {
		if ok {
			t.openCentral(dsn.Text)
		}
	}, t.u.win)
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	d.Show()
}

// openCentral connects to the store at dsn, off Fyne's goroutine, and
// lists what the filters select there. Its flags are derived under the
// workspace's policy, as the local ones are.
func (t *auditTab) openCentral(dsn string) {
	p, err := t.u.ws.Policy()
	if err != nil {
		t.u.showError("Could not read the repeated-viewing policy", err, nil)
		return
	}
	t.source.SetText("Connecting to the central store…")
	t.u.goJob(func() {
		r, err := workspace.OpenCentralReview(t.u.ctx, strings.TrimSpace(dsn), p)
		t.u.do(func() {
			if err != nil {
				t.showSource()
				t.u.showError("Could not open the central store", err, nil)
				return
			}
			t.closeCentral()
			t.review = r
			t.showSource()
			t.reload()
		})
	})
}

// leaveCentral goes back to this workstation's log.
func (t *auditTab) leaveCentral() {
	t.closeCentral()
	t.showSource()
	t.reload()
}

// closeCentral closes the store, if open; the local flags shown before
// it are gone, so they are derived again.
func (t *auditTab) closeCentral() {
	if t.review != nil {
		t.review.Close()
		t.review = nil
	}
	t.flagsShown = flagsKey{}
}

// showSource says which log the tab shows and offers the other.
func (t *auditTab) showSource() {
	if t.review == nil {
		t.source.SetText("This workstation's audit log.")
		t.toCentral.Show()
		t.toLocal.Hide()
		t.workstation.Disable()
	} else {
		t.source.SetText("The central store, read-only: every workstation's log.")
		t.toCentral.Hide()
		t.toLocal.Show()
		t.workstation.Enable()
	}
}

// reloadCentral lists the newest events the filters select in the store,
// then their flags.
func (t *auditTab) reloadCentral(f audit.Filter) {
	r, gen := t.review, t.filters
	cf := central.Filter{Filter: f, Workstation: strings.TrimSpace(t.workstation.Text)}
	cf.Newest, cf.Limit = true, centralPage
	t.newer.Disable()
	t.older.Disable()
	t.summary.SetText("Reading the central store…")
	t.flags.SetText("Deriving the flags…")
	t.u.goJob(func() {
		events, err := r.Events(t.u.ctx, cf)
		t.u.do(func() {
			if gen != t.filters {
				return
			}
			if err != nil {
				t.u.showError("Could not read the central store", err, nil)
			}
			t.events, t.stations = make([]audit.Event, len(events)), make([]string, len(events))
			for i, e := range events {
				t.events[i], t.stations[i] = e.Event, e.Workstation
			}
			t.list.ScrollToTop()
			t.list.Refresh()
			t.summary.SetText(centralSummary(len(events)))
		})
		flags, err := r.Flags(t.u.ctx, "")
		t.u.do(func() {
			if gen != t.filters {
				return
			}
			if err != nil {
				t.flags.SetText("")
				t.u.showError("Could not derive the central store's flags", err, nil)
				return
			}
			t.flags.SetText(centralFlagsText(flags, f.Case, cf.Workstation))
		})
	})
}

func centralSummary(n int) string {
	if n == centralPage {
		return fmt.Sprintf("The newest %d events the filters select, across workstations; narrow them, or run "+
			"sightline audit log --central for every one.", n)
	}
	return fmt.Sprintf("%d events, newest first, across workstations.", n)
}

// verifyCentral verifies every workstation's chain in the store.
func (t *auditTab) verifyCentral() {
	r := t.review
	t.verify.Disable()
	t.chain.SetText("Verifying every workstation's chain…")
	t.u.goJob(func() {
		reps, err := r.Verify(t.u.ctx, nil)
		t.u.do(func() {
			t.verify.Enable()
			if err != nil {
				t.chain.SetText("Chains not verified.")
				t.u.showError("Could not verify the central store", err, nil)
				return
			}
			text, ok := centralChainsText(reps)
			t.chain.Importance = widget.SuccessImportance
			if !ok {
				t.chain.Importance = widget.DangerImportance
			}
			t.chain.SetText(text)
		})
	})
}

// centralChainsText sums up the store's chains: how many verify, and the
// first gap or break of each that does not.
func centralChainsText(reps []central.ChainReport) (string, bool) {
	var bad []string
	events := int64(0)
	for _, rep := range reps {
		events += rep.Events
		if !rep.OK() {
			bad = append(bad, fmt.Sprintf("%.12s broken at seq %d: %s", rep.Workstation, rep.Broken.Seq, rep.Broken.Reason))
		}
	}
	if len(bad) == 0 {
		return fmt.Sprintf("✓ %d workstations, %d events: every chain and signed checkpoint verifies", len(reps), events), true
	}
	return fmt.Sprintf("✗ %d of %d workstations do not verify: %s", len(bad), len(reps), strings.Join(bad, "; ")), false
}

// centralFlagsText lists the store's flags of the case and workstation
// (when set), the last flagLines of them.
func centralFlagsText(flags []central.Flag, caseRef, workstation string) string {
	var lines []string
	for _, f := range flags {
		if (caseRef != "" && f.Case != caseRef) || !strings.HasPrefix(f.Workstation, workstation) {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s  %s  %s  %.12s  officer %s  case %s  %s", f.Time.UTC().Format("2006-01-02 15:04"),
			f.Kind, f.Subject, f.Workstation, f.Officer, f.Case, f.Detail))
	}
	return lastFlags(lines, "sightline audit flags --central")
}
