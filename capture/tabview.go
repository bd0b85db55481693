package capture

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Frame is one picture of the live view: what the tab shows, in device
// pixels (the view's size; CSS pixels times the zoom).
type Frame struct {
	Image   image.Image
	Zoom    float64   // device pixels per CSS pixel
	ScrollX float64   // the page's scroll position, CSS pixels
	ScrollY float64   //
	Time    time.Time // when Chromium drew it
}

// frameQuality is the JPEG quality of the live view's frames.
const frameQuality = 80

// screencast starts the frames, as large as the view.
func (t *Tab) screencast(ctx context.Context) error {
	t.mu.Lock()
	w, h := t.width, t.height
	t.mu.Unlock()
	_, err := chromedp.Call(ctx, page.StartScreencast, page.StartScreencastParams{
		Format: page.StartScreencastFormatJpeg, Quality: new(int64(frameQuality)),
		MaxWidth: int64(w), MaxHeight: int64(h), EveryNthFrame: 1,
	})
	if err != nil {
		return fmt.Errorf("start screencast: %w", err)
	}
	return nil
}

// showFrames acknowledges each frame, so that Chromium sends the next, and
// hands it decoded to the Frame handler; it ends with the tab.
func (t *Tab) showFrames() {
	for {
		var ev *page.EventScreencastFrame
		select {
		case ev = <-t.frames:
		case <-t.ctx.Done():
			return
		}
		chromedp.Call(t.ctx, page.ScreencastFrameAck, page.ScreencastFrameAckParams{SessionID: ev.SessionID}) //nolint:errcheck // a closed tab ends the loop
		if t.h.Frame == nil {
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(ev.Data))
		if err != nil {
			continue
		}
		f := Frame{Image: img, Zoom: 1, Time: time.Now().UTC()}
		if m := ev.Metadata; m != nil {
			f.ScrollX, f.ScrollY = m.ScrollOffsetX, m.ScrollOffsetY
			if m.Timestamp != 0 {
				f.Time = epochTime(m.Timestamp.Float64())
			}
		}
		t.mu.Lock()
		f.Zoom = t.view.DeviceScaleFactor
		t.mu.Unlock()
		t.h.Frame(f)
	}
}

// Resize lays the page out for a view of width×height device pixels and
// sends frames of that size.
func (t *Tab) Resize(ctx context.Context, width, height int) error {
	if width <= 0 || height <= 0 {
		return fmt.Errorf("resize tab: size %dx%d", width, height)
	}
	t.mu.Lock()
	z := t.view.DeviceScaleFactor
	t.width, t.height = width, height
	t.view.Width, t.view.Height = max(1, int(float64(width)/z)), max(1, int(float64(height)/z))
	t.mu.Unlock()
	return t.relayout(ctx)
}

// SetZoom shows the page at zoom (1 is 100%): its CSS pixels are zoom
// device pixels each, as a browser's zoom does.
func (t *Tab) SetZoom(ctx context.Context, zoom float64) error {
	if zoom < 0.25 || zoom > 5 {
		return fmt.Errorf("zoom %.2f: out of 0.25–5", zoom)
	}
	t.mu.Lock()
	t.view.DeviceScaleFactor = zoom
	t.view.Width, t.view.Height = max(1, int(float64(t.width)/zoom)), max(1, int(float64(t.height)/zoom))
	t.mu.Unlock()
	return t.relayout(ctx)
}

// Zoom is the tab's zoom.
func (t *Tab) Zoom() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.view.DeviceScaleFactor
}

func (t *Tab) relayout(ctx context.Context) error {
	c, cancel := t.within(ctx)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Func(t.setViewport)); err != nil {
		return err
	}
	if _, err := chromedp.Call(c, page.StopScreencast, cdp.Empty{}); err != nil {
		return fmt.Errorf("stop screencast: %w", err)
	}
	return t.screencast(c)
}

// Modifiers are the keys held with an input event: the protocol's bits.
type Modifiers int64

const (
	ModAlt   Modifiers = 1
	ModCtrl  Modifiers = 2
	ModMeta  Modifiers = 4
	ModShift Modifiers = 8
)

// Mouse is one mouse event at a point of the view, in CSS pixels of the
// page's viewport.
type Mouse struct {
	Type           string // MouseMove, MouseDown, MouseUp, MouseWheel
	X, Y           float64
	Button         string // "left", "middle", "right"; "" for none
	Clicks         int    // 1, 2 for a double-click
	DeltaX, DeltaY float64
	Modifiers      Modifiers
}

// The types of Mouse events.
const (
	MouseMove  = "mouseMoved"
	MouseDown  = "mousePressed"
	MouseUp    = "mouseReleased"
	MouseWheel = "mouseWheel"
)

// Mouse sends one mouse event to the page.
func (t *Tab) Mouse(ctx context.Context, m Mouse) error {
	p := input.DispatchMouseEventParams{
		Type: input.DispatchMouseEventType(m.Type), X: m.X, Y: m.Y, Modifiers: int64(m.Modifiers),
		ClickCount: int64(m.Clicks), DeltaX: m.DeltaX, DeltaY: m.DeltaY, Button: input.MouseButtonNone,
	}
	switch m.Button {
	case "left":
		p.Button, p.Buttons = input.MouseButtonLeft, 1
	case "right":
		p.Button, p.Buttons = input.MouseButtonRight, 2
	case "middle":
		p.Button, p.Buttons = input.MouseButtonMiddle, 4
	}
	if m.Type == MouseUp || m.Type == MouseMove && m.Button == "" {
		p.Buttons = 0
	}
	if _, err := call(ctx, t, input.DispatchMouseEvent, p); err != nil {
		return fmt.Errorf("mouse %s at %.0f,%.0f: %w", m.Type, m.X, m.Y, err)
	}
	return nil
}

// Click presses and releases the left button at x,y (CSS pixels), clicks
// times (2 for a double-click).
func (t *Tab) Click(ctx context.Context, x, y float64, clicks int) error {
	for i := 1; i <= clicks; i++ {
		for _, typ := range []string{MouseDown, MouseUp} {
			if err := t.Mouse(ctx, Mouse{Type: typ, X: x, Y: y, Button: "left", Clicks: i}); err != nil {
				return err
			}
		}
	}
	return nil
}

// key is how the protocol names a key that types no text.
type key struct {
	code string
	vk   int64
	text string // what keyDown types, for Enter
}

// keys are the named keys Key knows, by their DOM key name.
var keys = map[string]key{
	"Enter": {"Enter", 13, "\r"}, "Tab": {"Tab", 9, ""}, "Backspace": {"Backspace", 8, ""},
	"Delete": {"Delete", 46, ""}, "Escape": {"Escape", 27, ""},
	"ArrowLeft": {"ArrowLeft", 37, ""}, "ArrowUp": {"ArrowUp", 38, ""},
	"ArrowRight": {"ArrowRight", 39, ""}, "ArrowDown": {"ArrowDown", 40, ""},
	"Home": {"Home", 36, ""}, "End": {"End", 35, ""}, "PageUp": {"PageUp", 33, ""}, "PageDown": {"PageDown", 34, ""},
	" ": {"Space", 32, " "},
}

// editing are the editor commands of the shortcuts that a headless page
// does not run from a key event alone.
var editing = map[string]string{"a": "selectAll", "c": "copy", "x": "cut", "v": "paste", "z": "undo", "y": "redo"}

// Key presses and releases one key: a named key (Enter, Tab, Backspace,
// Delete, Escape, the arrows, Home, End, PageUp, PageDown) or a letter or
// digit, with modifiers (Ctrl+A selects all). Text without modifiers goes
// by InsertText instead.
func (t *Tab) Key(ctx context.Context, name string, mods Modifiers) error {
	k, ok := keys[name]
	switch {
	case ok:
	case len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= '0' && name[0] <= '9'):
		up := strings.ToUpper(name)
		k = key{code: "Key" + up, vk: int64(up[0])}
		if name[0] <= '9' {
			k.code = "Digit" + name
		}
		if mods&(ModCtrl|ModMeta|ModAlt) == 0 {
			k.text = name
		}
	default:
		return fmt.Errorf("key %q: not a key the research browser sends", name)
	}
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeRawKeyDown, Key: name, Code: k.code,
		WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk, Modifiers: int64(mods)}
	if k.text != "" {
		down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, k.text, k.text
	}
	if cmd, ok := editing[name]; ok && mods&(ModCtrl|ModMeta) != 0 {
		down.Commands = []string{cmd}
	}
	up := down
	up.Type, up.Text, up.UnmodifiedText, up.Commands = input.DispatchKeyEventTypeKeyUp, "", "", nil
	for _, p := range []input.DispatchKeyEventParams{down, up} {
		if _, err := call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return fmt.Errorf("key %s: %w", name, err)
		}
	}
	return nil
}

// InsertText types text where the page's focus is, as an input method
// would.
func (t *Tab) InsertText(ctx context.Context, text string) error {
	if _, err := call(ctx, t, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		return fmt.Errorf("insert text: %w", err)
	}
	return nil
}

// Selection is the text selected in the page, for copying.
func (t *Tab) Selection(ctx context.Context) (string, error) {
	return t.eval(ctx, `String(getSelection())`)
}

// CursorAt is the CSS cursor of the element at x,y (CSS pixels): "auto",
// "pointer", "text", ...
func (t *Tab) CursorAt(ctx context.Context, x, y float64) (string, error) {
	return t.eval(ctx, fmt.Sprintf(`(() => {
	const e = document.elementFromPoint(%f, %f);
	if (!e) return "auto";
	const c = getComputedStyle(e).cursor;
	if (c !== "auto") return c;
	if (e.closest("a[href]")) return "pointer";
	if (e.closest("input:not([type=button]):not([type=submit]):not([type=checkbox]):not([type=radio]), textarea, [contenteditable=''], [contenteditable=true]")) return "text";
	return "auto";
})()`, x, y))
}

// eval evaluates expr, which gives a string, in an isolated world of the
// main frame, so that no page script can change the answer.
func (t *Tab) eval(ctx context.Context, expr string) (string, error) {
	c, cancel := t.within(ctx)
	defer cancel()
	return chromedp.Run(c, evalIsolated[string](t.rec.mainFrame, expr))
}
