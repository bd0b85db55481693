package widget

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// recordedInput is a PageInput that keeps what it is sent.
type recordedInput struct {
	mouse   []PageMouse
	keys    []string
	text    string
	copies  int
	resized []image.Point
	window  []string // shortcuts the window took
}

func (r *recordedInput) PageMouse(m PageMouse) { r.mouse = append(r.mouse, m) }
func (r *recordedInput) PageKey(name string, mods PageModifiers) {
	if mods&ModCtrl != 0 {
		name = "Ctrl+" + name
	}
	r.keys = append(r.keys, name)
}
func (r *recordedInput) PageText(s string)      { r.text += s }
func (r *recordedInput) PageCopy()              { r.copies++ }
func (r *recordedInput) PageResized(w, h int)   { r.resized = append(r.resized, image.Pt(w, h)) }
func (r *recordedInput) PageHover(x, y float64) {}

// WindowShortcut takes Ctrl+Shift+S and F5, as the app's window does for
// Capture and Reload.
func (r *recordedInput) WindowShortcut(s fyne.Shortcut) bool {
	c, ok := s.(*desktop.CustomShortcut)
	if ok && (c.KeyName == fyne.KeyS && c.Modifier == fyne.KeyModifierControl|fyne.KeyModifierShift || c.KeyName == fyne.KeyF5 && c.Modifier == 0) {
		r.window = append(r.window, s.ShortcutName())
		return true
	}
	return false
}

// newLive shows a LiveView of 400×300 units holding a frame of 800×600
// pixels drawn at zoom 2: one unit is one CSS pixel of the page.
func newLive(t *testing.T) (*LiveView, *recordedInput) {
	t.Helper()
	in := &recordedInput{}
	v := NewLiveView(in)
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300))
	v.Resize(fyne.NewSize(400, 300))
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(10, 10, color.RGBA{255, 0, 0, 255})
	v.ShowFrame(img, 2)
	return v, in
}

func TestLiveViewShowsFramesAndReportsItsSize(t *testing.T) {
	v, in := newLive(t)
	if v.Frame() == nil || v.Frame().Bounds().Dx() != 800 {
		t.Fatalf("frame %v", v.Frame())
	}
	if len(in.resized) == 0 || in.resized[len(in.resized)-1] != image.Pt(400, 300) {
		t.Errorf("resized %v, want the view's 400x300 device pixels at scale 1", in.resized)
	}
	v.Resize(fyne.NewSize(500, 320))
	if got := in.resized[len(in.resized)-1]; got != image.Pt(500, 320) {
		t.Errorf("after a resize: %v", got)
	}
}

func TestLiveViewScalesClicksToThePage(t *testing.T) {
	v, in := newLive(t)
	test.TapAt(v, fyne.NewPos(100, 50))
	// 100,50 units are 200,100 frame pixels, which are 100,50 CSS pixels
	// at zoom 2.
	if len(in.mouse) != 2 || in.mouse[0] != (PageMouse{Kind: "down", X: 100, Y: 50, Button: "left", Clicks: 1}) ||
		in.mouse[1].Kind != "up" {
		t.Fatalf("tap sent %+v", in.mouse)
	}
	in.mouse = nil
	// A frame of 1600×1200 pixels at zoom 1 (a HiDPI screen): 2 CSS
	// pixels a unit.
	v.ShowFrame(image.NewRGBA(image.Rect(0, 0, 1600, 1200)), 1)
	test.DoubleTap(v)
	if len(in.mouse) != 2 || in.mouse[0].Clicks != 2 || in.mouse[0].X != 4 {
		t.Errorf("double tap sent %+v", in.mouse)
	}
	in.mouse = nil
	test.TapSecondaryAt(v, fyne.NewPos(40, 30))
	if len(in.mouse) != 2 || in.mouse[0].Button != "right" || in.mouse[0].X != 160 || in.mouse[0].Y != 120 {
		t.Errorf("right click sent %+v", in.mouse)
	}
}

func TestLiveViewDragsAndScrolls(t *testing.T) {
	v, in := newLive(t)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(60, 40)}, Dragged: fyne.NewDelta(10, 10)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(80, 40)}, Dragged: fyne.NewDelta(20, 0)})
	v.DragEnd()
	kinds := ""
	for _, m := range in.mouse {
		kinds += m.Kind + " "
	}
	if kinds != "down move move up " || in.mouse[0].X != 50 || in.mouse[0].Y != 30 || in.mouse[3].X != 80 {
		t.Fatalf("drag sent %+v", in.mouse)
	}
	in.mouse = nil
	v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 100)}, Scrolled: fyne.NewDelta(0, -30)})
	if len(in.mouse) != 1 || in.mouse[0].Kind != "wheel" || in.mouse[0].DeltaY != 30 {
		t.Errorf("scroll sent %+v", in.mouse)
	}
}

func TestLiveViewForwardsKeysTextAndShortcuts(t *testing.T) {
	v, in := newLive(t)
	test.Tap(v)
	if !v.Focused() {
		t.Fatal("a click did not give the page the keyboard")
	}
	test.Type(v, "héllo")
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	v.TypedShortcut(&fyne.ShortcutCopy{})
	v.TypedShortcut(&fyne.ShortcutPaste{Clipboard: test.NewClipboard()})
	clip := test.NewClipboard()
	clip.SetContent(" pasted")
	v.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: fyne.KeyModifierControl})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF5})
	if len(in.window) != 2 {
		t.Errorf("the window took %q, want Ctrl+Shift+S and F5", in.window)
	}
	if in.text != "héllo pasted" {
		t.Errorf("text %q", in.text)
	}
	want := []string{"Enter", "Backspace", "Ctrl+a", "Ctrl+ArrowLeft", "Ctrl+b"}
	if len(in.keys) != len(want) {
		t.Fatalf("keys %q, want %q", in.keys, want)
	}
	for i := range want {
		if in.keys[i] != want[i] {
			t.Errorf("keys %q, want %q", in.keys, want)
		}
	}
	if in.copies != 1 {
		t.Errorf("%d copies", in.copies)
	}
	v.SetCursor("pointer")
	if v.Cursor() != desktop.PointerCursor {
		t.Error("cursor not shown")
	}
}
