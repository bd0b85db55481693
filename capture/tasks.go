package capture

import (
	"slices"
	"sync"
)

// tasks runs funcs in the background and waits for those started so far.
// Unlike a sync.WaitGroup, a task may start while another goroutine waits:
// the watchers start them from event listeners at any time.
type tasks struct {
	mu   sync.Mutex
	done []chan struct{}
}

// Go runs f in a new goroutine.
func (t *tasks) Go(f func()) {
	c := make(chan struct{})
	t.mu.Lock()
	t.done = append(t.done, c)
	t.mu.Unlock()
	go func() {
		defer close(c)
		f()
	}()
}

// Wait returns when every task started before it was called has returned.
func (t *tasks) Wait() {
	t.mu.Lock()
	started := slices.Clone(t.done)
	t.mu.Unlock()
	for _, c := range started {
		<-c
	}
}
