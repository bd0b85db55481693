package capture

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Popup is a window or tab the page opened, or tried to open, during the
// capture (window.open, a link or form with a target). The browser blocks
// pop-ups as an ordinary browser does; one that got through (Opened) was
// closed at once, so no tab outlives its capture.
type Popup struct {
	URL         string    `json:"url"`
	Time        time.Time `json:"time"`
	UserGesture bool      `json:"user_gesture,omitempty"`
	Opened      bool      `json:"opened"`           // a tab or window was created; false: the browser blocked it
	Closed      bool      `json:"closed,omitempty"` // the capture closed it
	CloseError  string    `json:"close_error,omitempty"`
}

// popups records the windows one tab opens and closes those that open. Its
// handle method is a tab listener: fast, no protocol calls.
type popups struct {
	mu   sync.Mutex
	tab  context.Context
	self target.ID // the tab's own target, once open
	seen []Popup
	bg   tasks // closings under way
	// opened, when set, hears of each pop-up closed, with the address it
	// was opened for: a Tab opens it again as a tab of its own.
	opened func(url string)
}

// attach names the tab, whose browser closes the pop-ups; handle ignores
// new targets until then.
func (p *popups) attach(tab context.Context, self target.ID) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tab, p.self = tab, self
}

func (p *popups) handle(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *page.EventWindowOpen:
		p.seen = append(p.seen, Popup{URL: ev.URL, Time: utcNow(), UserGesture: ev.UserGesture})
	case *target.EventTargetCreated:
		info := ev.TargetInfo
		if p.self == "" || info == nil || info.OpenerID != p.self || info.Type != "page" {
			return
		}
		i := slices.IndexFunc(p.seen, func(w Popup) bool { return !w.Opened })
		if i < 0 {
			p.seen = append(p.seen, Popup{URL: info.URL, Time: utcNow()})
			i = len(p.seen) - 1
		}
		p.seen[i].Opened = true
		tab, id, url := p.tab, info.TargetID, p.seen[i].URL
		p.bg.Go(func() {
			p.close(tab, i, id)
			if p.opened != nil && url != "" {
				p.opened(url)
			}
		})
	}
}

func (p *popups) close(tab context.Context, i int, id target.ID) {
	ctx, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, target.CloseTarget, target.CloseTargetParams{TargetID: id})
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.seen[i].CloseError = err.Error()
	} else {
		p.seen[i].Closed = true
	}
}

// list waits for the closings under way and returns the pop-ups so far.
func (p *popups) list() []Popup {
	p.bg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}
