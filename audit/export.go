package audit

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
)

// CSVHeader is the header row WriteCSV writes, one column per field of an
// event.
var CSVHeader = []string{"seq", "time", "officer", "os_user", "case", "action", "url", "subjects", "detail", "prev_hash", "hash"}

// WriteCSV writes events as CSV (RFC 4180, CRLF line ends) for people to
// read in a spreadsheet: the header row, then one row per event with the
// time in canonical form, the subjects separated by spaces and the detail
// as stored. A cell that a spreadsheet would run as a formula (one
// starting with =, +, -, @, a tab or a CR) is written with a leading
// apostrophe. The CSV is a view of the log, not the log: only the JSON
// Lines export (WriteJSONL) can be verified.
func WriteCSV(w io.Writer, events iter.Seq2[Event, error]) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write audit csv: %w", err)
	}
	rec := make([]string, len(CSVHeader))
	for e, err := range events {
		if err != nil {
			return fmt.Errorf("write audit csv: %w", err)
		}
		detail := string(e.Detail)
		if detail == "" {
			detail = "{}"
		}
		rec = append(rec[:0], strconv.FormatInt(e.Seq, 10), formatTime(e.Time), e.Officer, e.OSUser, e.Case,
			e.Action, e.URL, strings.Join(e.Subjects, " "), detail, e.PrevHash, e.Hash)
		for i, v := range rec {
			rec[i] = defuseCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write audit csv event %d: %w", e.Seq, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write audit csv: %w", err)
	}
	return nil
}

// defuseCell keeps a spreadsheet from running a cell as a formula.
func defuseCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
