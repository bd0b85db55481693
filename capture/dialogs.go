package capture

import (
	"context"
	"slices"
	"sync"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// dialogs records and answers the JavaScript dialogs of one tab, so that an
// alert() never blocks the page or the capture: a capture dismisses them, a
// Tab asks its handler.
type dialogs struct {
	mu   sync.Mutex
	seen []Dialog
	done chan struct{}
}

// watchDialogs subscribes before it returns, so no dialog opened afterwards
// is missed. It stops when tab ends. answer, when set, decides each
// dialog; else it is dismissed.
func watchDialogs(tab context.Context, answer func(Dialog) DialogAnswer) *dialogs {
	d := &dialogs{done: make(chan struct{})}
	events := chromedp.Events(tab, page.JavascriptDialogOpening)
	go func() {
		defer close(d.done)
		for ev, err := range events {
			if err != nil {
				return
			}
			dl := Dialog{
				Type: string(ev.Type), Message: ev.Message, DefaultPrompt: ev.DefaultPrompt,
				URL: ev.URL, Time: utcNow(),
			}
			d.mu.Lock()
			d.seen = append(d.seen, dl)
			d.mu.Unlock()
			// Dismiss: confirm gets false, prompt null. Accept beforeunload,
			// so that nothing holds the tab open.
			a := DialogAnswer{Accept: ev.Type == page.DialogTypeBeforeunload}
			if answer != nil {
				a = answer(dl)
			}
			_, err := chromedp.Call(tab, page.HandleJavaScriptDialog,
				page.HandleJavaScriptDialogParams{Accept: a.Accept, PromptText: a.Text})
			if err != nil && tab.Err() != nil {
				return
			}
		}
	}()
	return d
}

// list is the dialogs so far.
func (d *dialogs) list() []Dialog {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.seen)
}

// wait returns when the watcher has stopped, after its tab ended.
func (d *dialogs) wait() {
	<-d.done
}

// DialogAnswer answers a JavaScript dialog: accept (OK) or dismiss
// (Cancel), with the text a prompt returns.
type DialogAnswer struct {
	Accept bool
	Text   string
}
