package viewing

import (
	"fmt"
	"time"

	"github.com/sightline-osint/sightline/audit/ripa"
)

// Elsewhere is what a force-wide store adds to a check (DESIGN.md §10):
// the matched subjects' views and authorisations recorded on other
// workstations, found by their canonical identifier keys and labelled with
// this workspace's subject ids, so the same rules count them.
type Elsewhere struct {
	// Asked says a central store is configured; Missing, when it could
	// not be read, says why: the verdict then counts this workstation
	// alone and says so.
	Asked          bool
	Missing        string
	Views          []ripa.View
	Authorisations []ripa.Authorisation
}

// Central states of a ViewCheck.
const (
	CentralCounted = "counted" // the store's views were counted
	CentralMissing = "missing" // the store could not be read
)

// add puts what e holds into the rules' input, and says so in c.
func (e Elsewhere) add(c *ViewCheck, history []ripa.View, auths []ripa.Authorisation, since time.Time) ([]ripa.View, []ripa.Authorisation) {
	if !e.Asked {
		return history, auths
	}
	if e.Missing != "" {
		c.Central, c.CentralError = CentralMissing, e.Missing
		return history, auths
	}
	c.Central = CentralCounted
	for _, v := range e.Views {
		if !v.Time.Before(since) {
			history = append(history, v)
			c.CentralViews++
		}
	}
	return history, append(auths, e.Authorisations...)
}

// centralReasons are the sentences the banner adds for the central count.
func (c *ViewCheck) centralReasons() {
	switch {
	case c.Central == CentralMissing:
		c.Reasons = append(c.Reasons, "The central store could not be reached: views on other workstations are not counted.")
	case c.CentralViews > 0:
		c.Reasons = append(c.Reasons, fmt.Sprintf("%d views of this subject on other workstations are counted.", c.CentralViews))
	}
}
