package app

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace"
)

// syncEvery is how often the app pushes the workspace to the central
// store, besides once at start and whenever Sync now is pressed.
const syncEvery = 5 * time.Minute

// centralSync pushes the workspace to the central store in the background
// (workspace.Workspace.Sync, as `sightline sync` does), and says in the
// footer how the last sync went. Offline, the workspace keeps everything
// and the next sync sends it.
type centralSync struct {
	u      *UI
	status *widget.Label
	now    *widget.Button
	kick   chan struct{}
	done   chan struct{} // closed when the loop has ended
	// synced hears each sync's outcome, for whoever waits on one (the
	// tests); outcomes nobody takes are dropped.
	synced chan error
}

// startCentralSync starts the loop; it ends with u's context.
func (u *UI) startCentralSync() *centralSync {
	s := &centralSync{u: u, status: widget.NewLabel("Central store: not synced yet."),
		kick: make(chan struct{}, 1), done: make(chan struct{}), synced: make(chan error, 8)}
	s.status.Truncation = fyne.TextTruncateEllipsis
	s.now = widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), s.ask)
	go s.run()
	return s
}

func (s *centralSync) object() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, s.now, s.status)
}

// ask starts a sync now, or right after the one running.
func (s *centralSync) ask() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *centralSync) run() {
	defer close(s.done)
	tick := time.NewTicker(syncEvery)
	defer tick.Stop()
	for {
		s.once()
		select {
		case <-s.u.ctx.Done():
			return
		case <-tick.C:
		case <-s.kick:
		}
	}
}

func (s *centralSync) once() {
	s.u.do(func() {
		s.now.Disable()
		s.status.SetText("Central store: syncing…")
	})
	rep, err := s.u.ws.Sync(s.u.ctx, nil)
	if s.u.ctx.Err() != nil {
		return
	}
	text, importance := syncStatus(rep, err, time.Now())
	s.u.do(func() {
		s.now.Enable()
		s.status.Importance = importance
		s.status.SetText(text)
		if err == nil && rep.Notices > 0 && s.u.subjects != nil {
			s.u.subjects.show(s.u.subjects.caseRef)
		}
	})
	select {
	case s.synced <- err:
	default:
	}
}

// syncStatus is the footer's sentence for a sync that ended at.
func syncStatus(rep workspace.SyncReport, err error, at time.Time) (string, widget.Importance) {
	when := at.Local().Format("15:04")
	var refused *central.RefusedError
	switch {
	case errors.As(err, &refused):
		return fmt.Sprintf("Central store refused this workstation's log at %s: %v. Tell your auditor.", when, err),
			widget.DangerImportance
	case err != nil:
		return fmt.Sprintf("Central store not reached at %s (%v). Nothing is lost: the next sync sends it.", when, err),
			widget.WarningImportance
	}
	text := fmt.Sprintf("Central store: synced at %s, %d events and %d views sent", when, rep.Events, rep.Views)
	if rep.Notices > 0 {
		text += fmt.Sprintf(", %d deconfliction notices received", rep.Notices)
	}
	return text + ".", widget.SuccessImportance
}
