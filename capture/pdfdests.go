package capture

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// destPages reads, from a PDF Chromium printed, the page (from 1) each
// named destination points at. Chromium writes one for every element a
// link in the page points at (its id), in the catalog's /Dests
// dictionary; it writes the catalog, that dictionary and the page tree as
// plain objects listed in a classic cross-reference table, which is all
// this reads.
func destPages(pdf []byte) (map[string]int, error) {
	r, err := newPDFObjects(pdf)
	if err != nil {
		return nil, err
	}
	root, err := r.trailerRef("Root")
	if err != nil {
		return nil, err
	}
	catalog, err := r.object(root)
	if err != nil {
		return nil, err
	}
	order := map[int]int{} // page object → page number
	if pages, ok := ref(catalog, "Pages"); ok {
		if err := r.pageOrder(pages, order, 0); err != nil {
			return nil, err
		}
	}
	out := map[string]int{}
	destsRef, ok := ref(catalog, "Dests")
	if !ok {
		return out, nil
	}
	dests, err := r.object(destsRef)
	if err != nil {
		return nil, err
	}
	for _, m := range destEntry.FindAllSubmatch(dests, -1) {
		obj, _ := strconv.Atoi(string(m[2]))
		if n, ok := order[obj]; ok {
			out[string(m[1])] = n
		}
	}
	return out, nil
}

var (
	destEntry = regexp.MustCompile(`/([A-Za-z0-9_.-]+)\s*\[\s*(\d+)\s+0\s+R`)
	kidRef    = regexp.MustCompile(`(\d+)\s+0\s+R`)
	xrefEntry = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf])`)
)

// pdfObjects finds objects by the cross-reference table.
type pdfObjects struct {
	data    []byte
	offsets map[int]int
	trailer []byte
}

func newPDFObjects(pdf []byte) (*pdfObjects, error) {
	i := bytes.LastIndex(pdf, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("PDF has no startxref")
	}
	var at int
	if _, err := fmt.Sscan(string(pdf[i+len("startxref"):min(len(pdf), i+40)]), &at); err != nil || at <= 0 || at >= len(pdf) {
		return nil, errors.New("PDF startxref is not an offset")
	}
	rest := pdf[at:]
	if !bytes.HasPrefix(rest, []byte("xref")) {
		return nil, errors.New("PDF has no classic cross-reference table")
	}
	r := &pdfObjects{data: pdf, offsets: map[int]int{}}
	lines := bytes.Split(rest[len("xref"):], []byte("\n"))
	for k := 0; k < len(lines); k++ {
		l := bytes.TrimSpace(lines[k])
		if len(l) == 0 {
			continue
		}
		if bytes.HasPrefix(l, []byte("trailer")) {
			end := bytes.Index(rest, []byte("startxref"))
			t := bytes.Index(rest, []byte("trailer"))
			r.trailer = rest[t:end]
			return r, nil
		}
		var first, count int
		if _, err := fmt.Sscan(string(l), &first, &count); err != nil {
			return nil, fmt.Errorf("PDF cross-reference table: %q", l)
		}
		for n := 0; n < count; n++ {
			k++
			if k >= len(lines) {
				return nil, errors.New("PDF cross-reference table is cut short")
			}
			m := xrefEntry.FindSubmatch(lines[k])
			if m == nil {
				return nil, fmt.Errorf("PDF cross-reference entry: %q", lines[k])
			}
			if string(m[3]) == "n" {
				off, _ := strconv.Atoi(string(m[1]))
				r.offsets[first+n] = off
			}
		}
	}
	return nil, errors.New("PDF has no trailer")
}

func (r *pdfObjects) trailerRef(key string) (int, error) {
	n, ok := ref(r.trailer, key)
	if !ok {
		return 0, fmt.Errorf("PDF trailer has no /%s", key)
	}
	return n, nil
}

// object is the text of object n, which must have no stream.
func (r *pdfObjects) object(n int) ([]byte, error) {
	off, ok := r.offsets[n]
	if !ok || off >= len(r.data) {
		return nil, fmt.Errorf("PDF object %d is not in the cross-reference table", n)
	}
	body := r.data[off:]
	end := bytes.Index(body, []byte("endobj"))
	if end < 0 {
		return nil, fmt.Errorf("PDF object %d has no end", n)
	}
	head := strconv.Itoa(n) + " 0 obj"
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, fmt.Errorf("PDF object %d is not where the table says", n)
	}
	return body[len(head):end], nil
}

// pageOrder numbers the pages under node n in document order.
func (r *pdfObjects) pageOrder(n int, order map[int]int, depth int) error {
	if depth > 32 {
		return errors.New("PDF page tree is too deep")
	}
	obj, err := r.object(n)
	if err != nil {
		return err
	}
	if !bytes.Contains(obj, []byte("/Type /Pages")) {
		order[n] = len(order) + 1
		return nil
	}
	i := bytes.Index(obj, []byte("/Kids"))
	if i < 0 {
		return fmt.Errorf("PDF page tree node %d has no /Kids", n)
	}
	kids := obj[i:]
	kids = kids[:bytes.IndexByte(kids, ']')+1]
	for _, m := range kidRef.FindAllSubmatch(kids, -1) {
		kid, _ := strconv.Atoi(string(m[1]))
		if err := r.pageOrder(kid, order, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// ref is the object number of "/key N 0 R" in a dictionary's text.
func ref(dict []byte, key string) (int, bool) {
	m := regexp.MustCompile(`/` + regexp.QuoteMeta(key) + `\s+(\d+)\s+0\s+R`).FindSubmatch(dict)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	return n, err == nil
}
