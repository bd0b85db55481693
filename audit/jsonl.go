package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
)

// maxLineBytes bounds one JSON Lines record, so a damaged file cannot
// exhaust memory.
const maxLineBytes = 16 << 20

// WriteJSONL writes events as JSON Lines: per event, its canonical JSON
// with "hash" added as the last key, then LF. The bytes before
// `,"hash":` followed by "}" are exactly the bytes hashed.
func WriteJSONL(w io.Writer, events iter.Seq2[Event, error]) error {
	bw := bufio.NewWriter(w)
	var buf []byte
	for e, err := range events {
		if err != nil {
			return fmt.Errorf("write audit jsonl: %w", err)
		}
		if buf, err = appendLine(buf[:0], &e); err != nil {
			return fmt.Errorf("write audit jsonl event %d: %w", e.Seq, err)
		}
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("write audit jsonl event %d: %w", e.Seq, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write audit jsonl: %w", err)
	}
	return nil
}

// appendLine appends e's JSON Lines record, LF included.
func appendLine(buf []byte, e *Event) ([]byte, error) {
	if !isHash(e.Hash) {
		return buf, errors.New("hash is not 64 lowercase hex digits")
	}
	buf, err := appendCanonical(buf, e)
	if err != nil {
		return buf, err
	}
	buf = append(buf[:len(buf)-1], `,"hash":"`...)
	buf = append(buf, e.Hash...)
	return append(buf, '"', '}', '\n'), nil
}

// ReadJSONL reads events written by WriteJSONL. A line that is not JSON
// ends the sequence with an error naming the line. A line that is JSON but
// not byte for byte the canonical record of the event it holds is yielded
// as a *ChainError beside that event, and reading goes on: its bytes are
// not the bytes that were hashed, so it cannot verify. The final LF may be
// missing; any other deviation is not canonical.
func ReadJSONL(r io.Reader) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		var line, canon []byte
		for n := 1; ; n++ {
			var err error
			line, err = readLine(br, line)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, fmt.Errorf("read audit jsonl line %d: %w", n, err))
				return
			}
			var e Event
			e, canon, err = decodeLine(line, canon)
			var chainErr *ChainError
			if err != nil && !errors.As(err, &chainErr) {
				yield(Event{}, fmt.Errorf("read audit jsonl line %d: %w", n, err))
				return
			}
			if chainErr != nil {
				chainErr.Reason = fmt.Sprintf("line %d is not in canonical form", n)
			}
			if !yield(e, err) {
				return
			}
		}
	}
}

// ParseLine decodes one JSON Lines record (without its LF), as ReadJSONL
// does for each line: an error if it is not JSON, or the event beside a
// *ChainError if it is not the event's canonical record.
func ParseLine(line []byte) (Event, error) {
	e, _, err := decodeLine(line, nil)
	return e, err
}

// decodeLine parses line and checks it against the canonical record it
// re-encodes into canon, which it returns for reuse.
func decodeLine(line, canon []byte) (Event, []byte, error) {
	e, err := parseLine(line)
	if err != nil {
		return Event{}, canon, err
	}
	canon, err = appendLine(canon[:0], &e)
	if err != nil || !bytes.Equal(canon[:len(canon)-1], line) {
		return e, canon, &ChainError{Seq: e.Seq, Reason: "line is not in canonical form"}
	}
	return e, canon, nil
}

// readLine reads up to the next LF, reusing buf, and returns the line
// without it. It returns io.EOF only when no bytes remain.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLineBytes {
			return nil, fmt.Errorf("line longer than %d bytes", maxLineBytes)
		}
		switch {
		case err == nil:
			return buf[:len(buf)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(buf) > 0:
			return buf, nil
		default:
			return nil, err
		}
	}
}

// record is the JSON Lines form of an event, for decoding.
type record struct {
	Action   string          `json:"action"`
	Case     string          `json:"case"`
	Detail   json.RawMessage `json:"detail"`
	Officer  string          `json:"officer"`
	OSUser   string          `json:"os_user"`
	PrevHash string          `json:"prev_hash"`
	Seq      int64           `json:"seq"`
	Subjects []string        `json:"subjects"`
	Time     string          `json:"time"`
	URL      string          `json:"url"`
	Hash     string          `json:"hash"`
}

// parseLine decodes one record. A time not in canonical form is left zero,
// which the caller's canonical comparison then rejects.
func parseLine(line []byte) (Event, error) {
	var r record
	if err := json.Unmarshal(line, &r); err != nil {
		return Event{}, err
	}
	t, _ := parseTime(r.Time)
	subjects := r.Subjects
	if len(subjects) == 0 {
		subjects = nil
	}
	return Event{
		Seq: r.Seq, Time: t, Officer: r.Officer, OSUser: r.OSUser, Case: r.Case,
		Action: r.Action, URL: r.URL, Subjects: subjects, Detail: r.Detail,
		PrevHash: r.PrevHash, Hash: r.Hash,
	}, nil
}

// MarshalJSON gives the event's JSON Lines record without its LF, so an
// event shown to scripts reads exactly as an exported one.
func (e Event) MarshalJSON() ([]byte, error) {
	line, err := appendLine(nil, &e)
	if err != nil {
		return nil, fmt.Errorf("marshal audit event %d: %w", e.Seq, err)
	}
	return line[:len(line)-1], nil
}
