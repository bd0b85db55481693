package capture

import (
	"context"
	"slices"
	"sync"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// dialogs records and dismisses the JavaScript dialogs of one tab, so that an
// alert() never blocks the page or the capture.
type dialogs struct {
	mu   sync.Mutex
	seen []Dialog
	done chan struct{}
}

// watchDialogs subscribes before it returns, so no dialog opened afterwards
// is missed. It stops when tab ends.
func watchDialogs(tab context.Context) *dialogs {
	d := &dialogs{done: make(chan struct{})}
	events := chromedp.Events(tab, page.JavascriptDialogOpening)
	go func() {
		defer close(d.done)
		for ev, err := range events {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.seen = append(d.seen, Dialog{
				Type: string(ev.Type), Message: ev.Message, DefaultPrompt: ev.DefaultPrompt,
				URL: ev.URL, Time: utcNow(),
			})
			d.mu.Unlock()
			// Dismiss: confirm gets false, prompt null. Accept beforeunload,
			// so that nothing holds the tab open.
			accept := ev.Type == page.DialogTypeBeforeunload
			_, err := chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
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
