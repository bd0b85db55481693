// Package widget holds Sightline's own Fyne widgets. They take plain data
// and callbacks; they never read the workspace or decide anything.
package widget

import (
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The size, in Fyne units, a row gives the page thumbnail (16:10, as the
// viewport).
const (
	ThumbnailWidth  = 176
	ThumbnailHeight = 110
)

// CaptureItem is what one row of the capture list shows.
type CaptureItem struct {
	ID       string
	Title    string
	URL      string
	Captured time.Time
	SHA256   string
	// Incomplete says why the capture is incomplete; "" when it is complete.
	Incomplete string
	// Thumbnail is the top of the page; nil while it loads or when the
	// bundle has none.
	Thumbnail image.Image
	// NoThumbnail is shown in place of a thumbnail that could not be read.
	NoThumbnail string
	// Verified is the outcome of the last verification in this session;
	// "" when the bundle has not been verified since the list was shown.
	Verified   string
	VerifiedOK bool
}

// CaptureRow shows one capture: a thumbnail of the page, its title and URL,
// when it was captured, the SHA-256 of its bundle (selectable, with a copy
// button) and an incomplete marker.
type CaptureRow struct {
	widget.BaseWidget

	// OnCopy receives the SHA-256 when the copy button is tapped.
	OnCopy func(sha256 string)

	item        CaptureItem
	thumb       *canvas.Image
	noThumb     *widget.Label
	title       *widget.Label
	url         *widget.Label
	when        *widget.Label
	hash        *widget.Label
	copyButton  *widget.Button
	incomplete  *widget.Label
	verified    *widget.Label
	warningIcon *widget.Icon
	content     fyne.CanvasObject
}

// NewCaptureRow makes an empty row; Set fills it.
func NewCaptureRow(onCopy func(sha256 string)) *CaptureRow {
	r := &CaptureRow{OnCopy: onCopy}
	r.thumb = canvas.NewImageFromImage(nil)
	r.thumb.FillMode = canvas.ImageFillContain
	r.thumb.ScaleMode = canvas.ImageScaleSmooth
	r.thumb.SetMinSize(fyne.NewSize(ThumbnailWidth, ThumbnailHeight))
	r.noThumb = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	r.noThumb.Importance = widget.LowImportance
	r.noThumb.Wrapping = fyne.TextWrapWord
	frame := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	frame.StrokeColor = theme.Color(theme.ColorNameSeparator)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.Size(theme.SizeNameInputRadius)

	r.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.url = widget.NewLabel("")
	r.url.Truncation = fyne.TextTruncateEllipsis
	r.when = widget.NewLabel("")
	r.hash = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	r.hash.Selectable = true
	r.copyButton = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if r.OnCopy != nil {
			r.OnCopy(r.item.SHA256)
		}
	})
	r.copyButton.Importance = widget.LowImportance
	r.incomplete = widget.NewLabel("")
	r.incomplete.Importance = widget.WarningImportance
	r.incomplete.Truncation = fyne.TextTruncateEllipsis
	r.verified = widget.NewLabel("")
	r.verified.Truncation = fyne.TextTruncateEllipsis
	r.warningIcon = widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))

	hashLabel := widget.NewLabel("SHA-256")
	hashLabel.Importance = widget.LowImportance
	hashRow := container.NewBorder(nil, nil, container.NewHBox(hashLabel, r.hash, r.copyButton), nil, r.verified)
	whenRow := container.NewBorder(nil, nil, nil, container.NewHBox(r.warningIcon, r.incomplete), r.when)
	text := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), r.title, r.url, whenRow, hashRow)
	thumb := container.NewStack(frame, container.NewPadded(r.thumb), container.NewCenter(r.noThumb))
	r.content = container.NewBorder(nil, nil, container.NewPadded(thumb), nil, text)
	r.ExtendBaseWidget(r)
	return r
}

// Set shows item.
func (r *CaptureRow) Set(item CaptureItem) {
	r.item = item
	title := item.Title
	if title == "" {
		title = "(untitled page)"
	}
	r.title.SetText(title)
	r.url.SetText(item.URL)
	r.when.SetText("Captured " + item.Captured.UTC().Format("2 Jan 2006 15:04:05 UTC") + "  ·  " + item.ID)
	r.hash.SetText(item.SHA256)
	if item.Incomplete != "" {
		r.incomplete.SetText("Incomplete: " + item.Incomplete)
		r.incomplete.Show()
		r.warningIcon.Show()
	} else {
		r.incomplete.Hide()
		r.warningIcon.Hide()
	}
	r.verified.SetText(item.Verified)
	r.verified.Importance = widget.SuccessImportance
	if !item.VerifiedOK {
		r.verified.Importance = widget.DangerImportance
	}
	r.verified.Refresh()
	r.thumb.Image = item.Thumbnail
	r.thumb.Refresh()
	r.noThumb.SetText(item.NoThumbnail)
	r.noThumb.Hidden = item.Thumbnail != nil || item.NoThumbnail == ""
	r.noThumb.Refresh()
}

// Item is what the row shows.
func (r *CaptureRow) Item() CaptureItem { return r.item }

// CreateRenderer implements fyne.Widget.
func (r *CaptureRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}
