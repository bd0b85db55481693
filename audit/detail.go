package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// canonicalDetail returns raw in the canonical form stored and hashed for
// an event's detail: one JSON object, compact, object keys sorted by their
// UTF-8 bytes at every depth, strings escaped by appendString, numbers kept
// as written. Empty raw gives {}. Duplicate keys are an error.
func canonicalDetail(raw json.RawMessage) ([]byte, error) {
	if len(raw) == 0 {
		return []byte("{}"), nil
	}
	if !utf8.Valid(raw) {
		return nil, errors.New("detail is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("parse detail: %w", err)
	}
	if tok != json.Delim('{') {
		return nil, errors.New("detail is not a JSON object")
	}
	out, err := appendObject(nil, dec)
	if err != nil {
		return nil, fmt.Errorf("parse detail: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("parse detail: data after the object")
	}
	return out, nil
}

// appendValue appends the canonical form of the value that starts with tok.
func appendValue(buf []byte, dec *json.Decoder, tok json.Token) ([]byte, error) {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return appendObject(buf, dec)
		}
		if v == '[' {
			return appendArray(buf, dec)
		}
		return nil, fmt.Errorf("unexpected %q", rune(v))
	case string:
		return appendString(buf, v), nil
	case json.Number:
		return append(buf, v...), nil
	case bool:
		if v {
			return append(buf, "true"...), nil
		}
		return append(buf, "false"...), nil
	case nil:
		return append(buf, "null"...), nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

type member struct {
	key   string
	value []byte
}

// appendObject appends the object whose '{' dec has just read.
func appendObject(buf []byte, dec *json.Decoder) ([]byte, error) {
	var members []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key %v is not a string", tok)
		}
		if tok, err = dec.Token(); err != nil {
			return nil, err
		}
		value, err := appendValue(nil, dec, tok)
		if err != nil {
			return nil, err
		}
		members = append(members, member{key, value})
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, err
	}
	slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
	buf = append(buf, '{')
	for i, m := range members {
		if i > 0 {
			if m.key == members[i-1].key {
				return nil, fmt.Errorf("duplicate key %q", m.key)
			}
			buf = append(buf, ',')
		}
		buf = appendString(buf, m.key)
		buf = append(buf, ':')
		buf = append(buf, m.value...)
	}
	return append(buf, '}'), nil
}

// appendArray appends the array whose '[' dec has just read.
func appendArray(buf []byte, dec *json.Decoder) ([]byte, error) {
	buf = append(buf, '[')
	for i := 0; dec.More(); i++ {
		if i > 0 {
			buf = append(buf, ',')
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if buf, err = appendValue(buf, dec, tok); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return nil, err
	}
	return append(buf, ']'), nil
}

// Detail encodes an event's detail from a map or struct of strings,
// numbers, booleans and slices of them, which always encode; it panics on
// a value JSON cannot encode, which is a programming error.
func Detail(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode audit detail: %v", err))
	}
	return b
}
