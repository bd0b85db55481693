// Package stream holds what long reads and writes share: counters of the
// bytes through a writer or a reader, and a writer that stops at the next
// write once its context is done, so a cancelled seal or export ends
// promptly.
package stream

import (
	"context"
	"io"
)

// Counter counts the bytes written through it to W.
type Counter struct {
	W io.Writer
	N int64
}

func (c *Counter) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	c.N += int64(n)
	return n, err
}

// ReadCounter counts the bytes read through it from R.
type ReadCounter struct {
	R io.Reader
	N int64
}

func (c *ReadCounter) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += int64(n)
	return n, err
}

// WithContext returns a writer to w that fails with ctx's error once ctx is
// done.
func WithContext(ctx context.Context, w io.Writer) io.Writer {
	return ctxWriter{ctx: ctx, w: w}
}

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
