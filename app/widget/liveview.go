package widget

import (
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PageMouse is a mouse event for the page a LiveView shows, at a point of
// its viewport in CSS pixels.
type PageMouse struct {
	Kind           string // "move", "down", "up", "wheel"
	X, Y           float64
	Button         string // "left", "right", "middle"; "" for none
	Clicks         int
	DeltaX, DeltaY float64 // wheel, CSS pixels
	Modifiers      PageModifiers
}

// PageModifiers are the keys held: Alt 1, Ctrl 2, Meta 4, Shift 8, as the
// DevTools protocol counts them.
type PageModifiers int

const (
	ModAlt   PageModifiers = 1
	ModCtrl  PageModifiers = 2
	ModMeta  PageModifiers = 4
	ModShift PageModifiers = 8
)

// PageInput receives what the researcher does to a LiveView, for the page
// it shows. Its methods are called on Fyne's goroutine and must not block.
type PageInput interface {
	PageMouse(PageMouse)
	// PageKey is a key that types nothing by itself (Enter, Backspace, the
	// arrows, ...), or a letter with Ctrl, Alt or Meta, by its DOM key name.
	PageKey(name string, mods PageModifiers)
	// PageText is text typed or pasted.
	PageText(text string)
	// PageCopy asks for the page's selection on the clipboard.
	PageCopy()
	// PageResized is the view's new size in device pixels.
	PageResized(width, height int)
	// PageHover is the pointer resting at a point, for its cursor shape.
	PageHover(x, y float64)
	// WindowShortcut offers a shortcut typed in the page to the window
	// first, and reports whether the window took it: the window's own
	// shortcuts (capture, the address bar, back) work while the page has
	// the keyboard.
	WindowShortcut(fyne.Shortcut) bool
}

// LiveView draws the frames of a browser tab and forwards mouse and
// keyboard input to it, with points scaled from the widget to the page's
// CSS pixels.
type LiveView struct {
	widget.BaseWidget
	input PageInput

	frame   *canvas.Image
	zoom    float64 // device pixels per CSS pixel of the frame shown
	size    image.Point
	cursor  desktop.Cursor
	focused bool
	held    PageModifiers
	drag    bool
	last    fyne.Position // the drag's latest point
	sent    image.Point   // the size last reported to PageResized
}

// NewLiveView is a view that forwards to in.
func NewLiveView(in PageInput) *LiveView {
	v := &LiveView{input: in, zoom: 1, cursor: desktop.DefaultCursor}
	v.frame = canvas.NewImageFromImage(nil)
	v.frame.FillMode = canvas.ImageFillStretch
	v.frame.ScaleMode = canvas.ImageScaleFastest
	v.ExtendBaseWidget(v)
	return v
}

// ShowFrame shows img, drawn at zoom device pixels per CSS pixel.
func (v *LiveView) ShowFrame(img image.Image, zoom float64) {
	if zoom <= 0 {
		zoom = 1
	}
	v.frame.Image, v.zoom, v.size = img, zoom, img.Bounds().Size()
	v.frame.Refresh()
}

// Frame is the frame shown, nil before the first.
func (v *LiveView) Frame() image.Image { return v.frame.Image }

// SetCursor shows the CSS cursor name over the view.
func (v *LiveView) SetCursor(css string) {
	switch css {
	case "pointer":
		v.cursor = desktop.PointerCursor
	case "text", "vertical-text":
		v.cursor = desktop.TextCursor
	case "crosshair":
		v.cursor = desktop.CrosshairCursor
	case "col-resize", "ew-resize", "e-resize", "w-resize":
		v.cursor = desktop.HResizeCursor
	case "row-resize", "ns-resize", "n-resize", "s-resize":
		v.cursor = desktop.VResizeCursor
	default:
		v.cursor = desktop.DefaultCursor
	}
}

// Cursor is the cursor shape over the page (desktop.Cursorable).
func (v *LiveView) Cursor() desktop.Cursor { return v.cursor }

// toPage turns a point of the widget into CSS pixels of the page: widget
// units to frame pixels, then over the zoom.
func (v *LiveView) toPage(p fyne.Position) (x, y float64) {
	s := v.Size()
	if s.Width <= 0 || s.Height <= 0 || v.size.X == 0 {
		return float64(p.X), float64(p.Y)
	}
	x = float64(p.X) / float64(s.Width) * float64(v.size.X) / v.zoom
	y = float64(p.Y) / float64(s.Height) * float64(v.size.Y) / v.zoom
	return x, y
}

// Resize reports the view's size in device pixels, for the tab's viewport.
func (v *LiveView) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	px := image.Pt(int(math.Round(float64(s.Width*scale))), int(math.Round(float64(s.Height*scale))))
	if px.X > 0 && px.Y > 0 && px != v.sent {
		v.sent = px
		v.input.PageResized(px.X, px.Y)
	}
}

func (v *LiveView) click(p fyne.Position, button string, clicks int) {
	fyne.CurrentApp().Driver().CanvasForObject(v).Focus(v)
	x, y := v.toPage(p)
	for _, kind := range []string{"down", "up"} {
		v.input.PageMouse(PageMouse{Kind: kind, X: x, Y: y, Button: button, Clicks: clicks, Modifiers: v.held})
	}
}

// Tapped is a left click, DoubleTapped a double-click, TappedSecondary a
// right click.
func (v *LiveView) Tapped(e *fyne.PointEvent)          { v.click(e.Position, "left", 1) }
func (v *LiveView) DoubleTapped(e *fyne.PointEvent)    { v.click(e.Position, "left", 2) }
func (v *LiveView) TappedSecondary(e *fyne.PointEvent) { v.click(e.Position, "right", 1) }

// Dragged presses the left button where the drag began and moves it.
func (v *LiveView) Dragged(e *fyne.DragEvent) {
	x, y := v.toPage(e.Position)
	if !v.drag {
		v.drag = true
		sx, sy := v.toPage(e.Position.Subtract(e.Dragged))
		v.input.PageMouse(PageMouse{Kind: "down", X: sx, Y: sy, Button: "left", Clicks: 1, Modifiers: v.held})
	}
	v.input.PageMouse(PageMouse{Kind: "move", X: x, Y: y, Button: "left", Modifiers: v.held})
	v.last = e.Position
}

// DragEnd releases the button.
func (v *LiveView) DragEnd() {
	if !v.drag {
		return
	}
	v.drag = false
	x, y := v.toPage(v.last)
	v.input.PageMouse(PageMouse{Kind: "up", X: x, Y: y, Button: "left", Clicks: 1, Modifiers: v.held})
}

// Scrolled turns the wheel: Fyne's scroll is up-positive, the page's
// down-positive.
func (v *LiveView) Scrolled(e *fyne.ScrollEvent) {
	x, y := v.toPage(e.Position)
	dx, dy := v.toPage(fyne.NewPos(e.Scrolled.DX, e.Scrolled.DY))
	v.input.PageMouse(PageMouse{Kind: "wheel", X: x, Y: y, DeltaX: -dx, DeltaY: -dy, Modifiers: v.held})
}

// MouseIn, MouseMoved and MouseOut move the pointer over the page.
func (v *LiveView) MouseIn(e *desktop.MouseEvent) { v.MouseMoved(e) }
func (v *LiveView) MouseMoved(e *desktop.MouseEvent) {
	x, y := v.toPage(e.Position)
	v.input.PageMouse(PageMouse{Kind: "move", X: x, Y: y, Modifiers: v.held})
	v.input.PageHover(x, y)
}
func (v *LiveView) MouseOut() {}

// FocusGained, FocusLost and TypedRune, TypedKey, KeyDown, KeyUp and
// TypedShortcut take the keyboard for the page.
func (v *LiveView) FocusGained() { v.focused = true; v.Refresh() }
func (v *LiveView) FocusLost()   { v.focused, v.held = false, 0; v.Refresh() }

// Focused says whether the page has the keyboard.
func (v *LiveView) Focused() bool { return v.focused }

func (v *LiveView) TypedRune(r rune) { v.input.PageText(string(r)) }

// pageKeys are the Fyne keys that PageKey forwards, by their DOM names.
var pageKeys = map[fyne.KeyName]string{
	fyne.KeyReturn: "Enter", fyne.KeyEnter: "Enter", fyne.KeyTab: "Tab", fyne.KeyBackspace: "Backspace",
	fyne.KeyDelete: "Delete", fyne.KeyEscape: "Escape", fyne.KeyLeft: "ArrowLeft", fyne.KeyRight: "ArrowRight",
	fyne.KeyUp: "ArrowUp", fyne.KeyDown: "ArrowDown", fyne.KeyHome: "Home", fyne.KeyEnd: "End",
	fyne.KeyPageUp: "PageUp", fyne.KeyPageDown: "PageDown",
}

// TypedKey forwards the keys of pageKeys; any other (F5, say) is offered to
// the window as a shortcut of its own.
func (v *LiveView) TypedKey(e *fyne.KeyEvent) {
	if name, ok := pageKeys[e.Name]; ok {
		v.input.PageKey(name, v.held)
		return
	}
	v.input.WindowShortcut(&desktop.CustomShortcut{KeyName: e.Name})
}

// KeyDown and KeyUp track the modifiers held.
func (v *LiveView) KeyDown(e *fyne.KeyEvent) { v.held |= modifierOf(e.Name) }
func (v *LiveView) KeyUp(e *fyne.KeyEvent)   { v.held &^= modifierOf(e.Name) }

func modifierOf(k fyne.KeyName) PageModifiers {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return ModShift
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return ModCtrl
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return ModAlt
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return ModMeta
	}
	return 0
}

// TypedShortcut leaves the window's shortcuts to the window and forwards
// the editing shortcuts: copy asks for the
// selection, paste types the clipboard's text, the others go as keys.
func (v *LiveView) TypedShortcut(s fyne.Shortcut) {
	if v.input.WindowShortcut(s) {
		return
	}
	switch s := s.(type) {
	case *fyne.ShortcutCopy:
		v.input.PageCopy()
	case *fyne.ShortcutPaste:
		if s.Clipboard != nil && s.Clipboard.Content() != "" {
			v.input.PageText(s.Clipboard.Content())
		}
	case *fyne.ShortcutSelectAll:
		v.input.PageKey("a", ModCtrl)
	case *fyne.ShortcutCut:
		v.input.PageKey("x", ModCtrl)
	case *fyne.ShortcutUndo:
		v.input.PageKey("z", ModCtrl)
	case *fyne.ShortcutRedo:
		v.input.PageKey("y", ModCtrl)
	case *desktop.CustomShortcut:
		if name := strings.ToLower(string(s.KeyName)); len(name) == 1 {
			v.input.PageKey(name, modifiersOf(s.Modifier))
		}
	}
}

func modifiersOf(m fyne.KeyModifier) PageModifiers {
	var out PageModifiers
	if m&fyne.KeyModifierShift != 0 {
		out |= ModShift
	}
	if m&fyne.KeyModifierControl != 0 {
		out |= ModCtrl
	}
	if m&fyne.KeyModifierAlt != 0 {
		out |= ModAlt
	}
	if m&fyne.KeyModifierSuper != 0 {
		out |= ModMeta
	}
	return out
}

// MinSize is small: the view takes the room its container gives.
func (v *LiveView) MinSize() fyne.Size { return fyne.NewSize(200, 150) }

func (v *LiveView) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	border := canvas.NewRectangle(nil)
	border.StrokeWidth = 2
	r := &liveRenderer{v: v, bg: bg, border: border}
	r.Refresh()
	return r
}

type liveRenderer struct {
	v          *LiveView
	bg, border *canvas.Rectangle
}

func (r *liveRenderer) Layout(s fyne.Size) {
	for _, o := range r.Objects() {
		o.Resize(s)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (r *liveRenderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *liveRenderer) Refresh() {
	r.border.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	if r.v.focused {
		r.border.StrokeColor = theme.Color(theme.ColorNameFocus)
	}
	r.bg.Refresh()
	r.border.Refresh()
	r.v.frame.Refresh()
}

func (r *liveRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.v.frame, r.border}
}

func (r *liveRenderer) Destroy() {}

var (
	_ fyne.Focusable         = (*LiveView)(nil)
	_ fyne.Tappable          = (*LiveView)(nil)
	_ fyne.DoubleTappable    = (*LiveView)(nil)
	_ fyne.SecondaryTappable = (*LiveView)(nil)
	_ fyne.Draggable         = (*LiveView)(nil)
	_ fyne.Scrollable        = (*LiveView)(nil)
	_ fyne.Shortcutable      = (*LiveView)(nil)
	_ desktop.Hoverable      = (*LiveView)(nil)
	_ desktop.Keyable        = (*LiveView)(nil)
	_ desktop.Cursorable     = (*LiveView)(nil)
)
