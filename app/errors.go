package app

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

// showError shows err in a dialog: a sentence saying what went wrong and what
// to do, and the error itself underneath for a report. then, if not nil, runs
// when the dialog is closed.
func (u *UI) showError(title string, err error, then func()) {
	msg := widget.NewLabel(sentence(err))
	msg.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel("Details: " + err.Error())
	detail.Wrapping = fyne.TextWrapWord
	detail.Selectable = true
	detail.SizeName = theme.SizeNameCaptionText
	d := dialog.NewCustom(title, "OK", container.NewVBox(msg, detail), u.win)
	if then != nil {
		d.SetOnClosed(then)
	}
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// sentence turns err into advice for the researcher. Errors this package
// knows get their own sentence; any other is its innermost message, which
// the workspace words as a statement ("a case reference is 1 to 64 …").
func sentence(err error) string {
	var le *capture.LoadError
	var se *workspace.StorageError
	switch {
	case errors.As(err, &se) && errors.Is(se.Cause, workspace.ErrDiskFull):
		return fmt.Sprintf("The disk that holds the workspace (%s) is full. Nothing of what failed was kept or recorded. Free some space, then try again.", se.Dir)
	case errors.As(err, &se):
		return fmt.Sprintf("The workspace (%s) is on a read-only disk, so nothing can be recorded. Make it writable, or open another workspace.", se.Dir)
	case errors.Is(err, workspace.ErrNoOfficer):
		return "No officer is set for this workstation. Enter your officer number and name first."
	case errors.Is(err, workspace.ErrCaseExists):
		return "A case with that reference already exists. Choose another reference, or pick the existing case from the list."
	case errors.Is(err, workspace.ErrCaseNotFound):
		return "That case is not in this workspace. Pick a case from the list or create a new one."
	case errors.Is(err, workspace.ErrCaseClosed):
		return "This case is closed and takes no new captures. Create a new case to go on capturing."
	case errors.Is(err, capture.ErrUnsupportedScheme):
		return "Only web addresses that start with http:// or https:// and name a site can be captured, for example https://example.org/page."
	case errors.Is(err, capture.ErrBrowserNotFound):
		return "Sightline captures pages with Chromium, and Chromium was not found on this computer. Install Chromium, then try again."
	case errors.Is(err, capture.ErrPageCrashed):
		return "The page made the browser's renderer crash (often by using all its memory), so nothing of it could be captured. The browser is fine: try again, or capture another page."
	case errors.Is(err, capture.ErrPageUnresponsive):
		return "The page loaded but stopped answering the browser (a script that never ends, or a page too heavy to draw), so it could not be captured. Try again, or capture only what is on screen."
	case errors.As(err, &le):
		return fmt.Sprintf("The page could not be loaded (%s). Check the address, and that this computer can reach the site.", le.Reason)
	}
	return statement(err.Error())
}

// statement makes the innermost part of an error message a sentence:
// "new case x: a case reference is …" becomes "A case reference is … .".
func statement(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		msg = msg[i+2:]
	}
	if msg == "" {
		return "Something went wrong."
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
