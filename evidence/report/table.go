package report

// Tables wrap every cell, repeat their header row on each page they run
// onto, move a row that does not fit to the next page, and split a row
// across pages only when it is too tall to move (a very long note).

// part is one paragraph of a cell, in one style.
type part struct {
	text string
	st   style
}

// cell is one table cell.
type cell struct {
	parts []part
	align align
	fill  *rgb  // background; nil for the row's
	slot  *slot // when set, the text is written at the end (page numbers)
}

// row is one table row. anchor, when set, makes the row a link to it.
type row struct {
	cells  []cell
	anchor string
}

// table describes the columns.
type table struct {
	widths []float64
	header *row
	hpad   float64
	vpad   float64
	zebra  bool
}

// tline is one line of a cell with its style.
type tline struct {
	l  line
	st style
}

func textCell(text string, st style) cell { return cell{parts: []part{{text, st}}} }

// layoutRow wraps each cell of r.
func (d *doc) layoutRow(t table, r row) ([][]tline, error) {
	out := make([][]tline, len(r.cells))
	for i, c := range r.cells {
		w := t.widths[i] - 2*t.hpad
		for _, p := range c.parts {
			if c.slot != nil {
				out[i] = append(out[i], tline{st: p.st}) // one line, written later
				continue
			}
			lines, err := d.wrap(p.text, p.st, w)
			if err != nil {
				return nil, err
			}
			for _, l := range lines {
				out[i] = append(out[i], tline{l, p.st})
			}
		}
	}
	return out, nil
}

// linesHeight is the height of lines[from:to].
func linesHeight(ls []tline, from, to int) float64 {
	h := 0.0
	for _, l := range ls[from:to] {
		h += l.st.lineHeight()
	}
	return h
}

// restHeight is the height of the row's lines from cur on, padding included.
func restHeight(t table, cells [][]tline, cur []int) float64 {
	h := 0.0
	for i, ls := range cells {
		h = max(h, linesHeight(ls, cur[i], len(ls)))
	}
	return h + 2*t.vpad
}

// drawTable draws rows at the cursor, starting pages as needed.
func (d *doc) drawTable(t table, rows []row) error {
	if t.header != nil {
		hcells, err := d.layoutRow(t, *t.header)
		if err != nil {
			return err
		}
		// keep the header with at least a line of the first row
		if err := d.ensure(restHeight(t, hcells, make([]int, len(hcells))) + 24); err != nil {
			return err
		}
		if err := d.drawHeaderRow(t); err != nil {
			return err
		}
	}
	fresh := false // just after a page break and the repeated header
	for n, r := range rows {
		if err := d.drawRow(t, r, n, &fresh); err != nil {
			return err
		}
	}
	return nil
}

// drawRow draws one row. A row that does not fit goes to the next page
// whole, unless it is taller than half a page: then it is split, its lines
// running onto the next page.
func (d *doc) drawRow(t table, r row, n int, fresh *bool) error {
	cells, err := d.layoutRow(t, r)
	if err != nil {
		return err
	}
	cur := make([]int, len(cells))
	for {
		need := restHeight(t, cells, cur)
		if need <= d.room()+0.01 {
			*fresh = false
			return d.drawRowPart(t, r, n, cells, cur, d.room())
		}
		split := *fresh || (need > contentH/2 && d.room() >= contentH/6)
		if split {
			if err := d.drawRowPart(t, r, n, cells, cur, d.room()); err != nil {
				return err
			}
		}
		if err := d.newPage(); err != nil {
			return err
		}
		if err := d.drawHeaderRow(t); err != nil {
			return err
		}
		*fresh = true
	}
}

// drawHeaderRow draws the table's header row, if any.
func (d *doc) drawHeaderRow(t table) error {
	if t.header == nil {
		return nil
	}
	cells, err := d.layoutRow(t, *t.header)
	if err != nil {
		return err
	}
	return d.drawRowPart(t, *t.header, -1, cells, make([]int, len(cells)), d.room())
}

// fitLines returns, for each cell, the end of the lines from cur that fit
// in avail, and the height they take.
func fitLines(t table, cells [][]tline, cur []int, avail float64) ([]int, float64) {
	ends := make([]int, len(cells))
	h := 0.0
	for i, ls := range cells {
		end, used := cur[i], 0.0
		for end < len(ls) && used+ls[end].st.lineHeight() <= avail-2*t.vpad+0.01 {
			used += ls[end].st.lineHeight()
			end++
		}
		ends[i] = end
		h = max(h, used)
	}
	return ends, h + 2*t.vpad
}

// drawRowPart draws as many of the row's remaining lines as fit in avail and
// advances cur past them.
func (d *doc) drawRowPart(t table, r row, n int, cells [][]tline, cur []int, avail float64) error {
	ends, h := fitLines(t, cells, cur, avail)
	total := 0.0
	for _, w := range t.widths {
		total += w
	}
	if t.zebra && n%2 == 1 {
		d.box(marginX, d.y, total, h, colZebra)
	}
	x := marginX
	for i, ls := range cells {
		if err := d.drawCell(t, r.cells[i], ls[cur[i]:ends[i]], cur[i] == 0, x, t.widths[i], h); err != nil {
			return err
		}
		cur[i] = ends[i]
		x += t.widths[i]
	}
	if r.anchor != "" {
		d.pdf.AddInternalLink(r.anchor, marginX, d.y, total, h)
	}
	d.pdf.SetStrokeColor(colRule.r, colRule.g, colRule.b)
	d.pdf.SetLineWidth(0.5)
	d.pdf.Line(marginX, d.y+h, marginX+total, d.y+h)
	d.y += h
	return nil
}

// drawCell draws lines of cell c in the column at x, w wide, in a row h
// tall at the cursor. first says whether these are the cell's first lines.
func (d *doc) drawCell(t table, c cell, lines []tline, first bool, x, w, h float64) error {
	if c.fill != nil {
		d.box(x, d.y, w, h, *c.fill)
	}
	y := d.y + t.vpad
	if c.slot != nil {
		if first && len(lines) > 0 {
			*c.slot = slot{page: d.pages, x: x + t.hpad, y: y, w: w - 2*t.hpad, st: lines[0].st, a: c.align, text: c.slot.text}
			d.slots = append(d.slots, c.slot)
		}
		return nil
	}
	for _, l := range lines {
		if err := d.drawLine(l.l, l.st, x+t.hpad, y+l.st.baseline(), w-2*t.hpad, c.align); err != nil {
			return err
		}
		y += l.st.lineHeight()
	}
	return nil
}
