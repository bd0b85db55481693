package capture

import (
	"testing"
	"time"
)

type tprog struct {
	last time.Time
	name string
	out  []string
}

func (p *tprog) Stage(n string) {
	if p.name != "" {
		p.out = append(p.out, p.name+"="+time.Since(p.last).Round(time.Millisecond).String())
	}
	p.name, p.last = n, time.Now()
}
func (p *tprog) Add(int64, int64) {}

func TestDumpStages(t *testing.T) {
	srv := newServer(t)
	for range 8 {
		p := &tprog{}
		s := time.Now()
		capture(t, Request{URL: srv.URL + "/tall.html"}, p)
		p.Stage("end")
		t.Log(time.Since(s).Round(time.Millisecond), p.out)
	}
}
