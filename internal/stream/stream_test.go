package stream

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestCounterAndContext(t *testing.T) {
	var buf bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	c := &Counter{W: WithContext(ctx, &buf)}
	if _, err := c.Write([]byte("12345")); err != nil || c.N != 5 {
		t.Fatalf("write: %v, counted %d", err, c.N)
	}
	cancel()
	if _, err := c.Write([]byte("678")); !errors.Is(err, context.Canceled) || c.N != 5 || buf.String() != "12345" {
		t.Errorf("write after cancel: %v, counted %d, wrote %q", err, c.N, buf.String())
	}
}
