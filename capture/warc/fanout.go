package warc

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

// fanoutMin is the block length from which streamDigests hashes on other
// goroutines: below it, handing buffers over costs more than it saves.
const fanoutMin = 1 << 20

// fanoutBuffers and fanoutSize bound what copyFanout holds: 2 MiB.
const (
	fanoutBuffers = 8
	fanoutSize    = 256 << 10
)

var fanoutPool = sync.Pool{New: func() any { return new([fanoutSize]byte) }}

// copyFanout copies r to every writer, each written on its own goroutine,
// while r is read on this one, so that decompressing a large block overlaps
// hashing it twice (block and payload digests). Writers must not fail or
// keep the slices they are given, as hashes do not. It returns how many
// bytes it read and the read error, if any but io.EOF.
func copyFanout(r io.Reader, writers ...io.Writer) (int64, error) {
	type chunk struct {
		buf  *[fanoutSize]byte
		n    int
		refs *atomic.Int32
	}
	free := make(chan *[fanoutSize]byte, fanoutBuffers)
	for range fanoutBuffers {
		free <- fanoutPool.Get().(*[fanoutSize]byte)
	}
	chans := make([]chan chunk, len(writers))
	var wg sync.WaitGroup
	for i, w := range writers {
		chans[i] = make(chan chunk, fanoutBuffers)
		wg.Go(func() {
			for c := range chans[i] {
				w.Write(c.buf[:c.n])
				if c.refs.Add(-1) == 0 {
					free <- c.buf
				}
			}
		})
	}
	var total int64
	var err error
	for err == nil {
		buf := <-free
		var n int
		n, err = io.ReadFull(r, buf[:])
		if n == 0 {
			free <- buf
			break
		}
		total += int64(n)
		refs := new(atomic.Int32)
		refs.Store(int32(len(writers)))
		for _, ch := range chans {
			ch <- chunk{buf: buf, n: n, refs: refs}
		}
	}
	for _, ch := range chans {
		close(ch)
	}
	wg.Wait()
	for range fanoutBuffers {
		fanoutPool.Put(<-free)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil // the caller compares the count with the length it expects
	}
	return total, err
}
