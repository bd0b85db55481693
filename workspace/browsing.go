package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// What a researcher may do when the rules stop and ask before a page loads
// (DESIGN.md §6): rely on an authorisation, record a justification, or go
// back, in which case nothing loads.
const (
	ChoiceLink    = "link"
	ChoiceJustify = "justify"
	ChoiceBack    = "back"
)

// Decision is the researcher's answer to a stop-and-ask.
type Decision struct {
	Choice        string       // ChoiceLink, ChoiceJustify or ChoiceBack
	Authorisation string       // for ChoiceLink: the case's authorisation relied on
	Factors       ripa.Factors // for ChoiceJustify: the Code of Practice's factors
	Text          string       // for ChoiceJustify: why, in the researcher's words
}

// ErrNotAsked is returned for a decision about a check that did not ask.
var ErrNotAsked = errors.New("the rules did not ask about this page")

// Decide records, before anything loads, what the researcher chose about a
// page the rules asked about (vc, as Check gave it), in one transaction
// with a "navigation.decision" event naming the choice, the page, its
// subjects, verdict and episode:
//   - ChoiceJustify: a justification for each subject the rules ask about,
//     waiting for the view that follows (it applies to that view);
//   - ChoiceLink: the authorisation must be recorded in the case; the view
//     that follows carries it (viewing.LinkAuthorisation);
//   - ChoiceBack: nothing else; the page is not loaded.
func (w *Workspace) Decide(ctx context.Context, caseRef, persona string, vc viewing.ViewCheck, d Decision) error {
	unresolved := vc.Unresolved()
	if len(unresolved) == 0 {
		return fmt.Errorf("decide about %s: %w", vc.URL, ErrNotAsked)
	}
	if persona == "" {
		persona = DefaultPersona
	}
	detail := map[string]any{"choice": d.Choice, "persona": persona, "verdict": vc.Verdict, "episode": vc.EpisodeNumber,
		"key": vc.Key}
	err := w.act(ctx, need{officer: true, openCase: caseRef, persona: persona}, func(tx *tx) ([]audit.Event, error) {
		var events []audit.Event
		switch d.Choice {
		case ChoiceBack:
		case ChoiceLink:
			ref := strings.TrimSpace(d.Authorisation)
			as, err := viewing.Authorisations(ctx, tx, caseRef)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(as, func(a viewing.Authorisation) bool { return a.Ref == ref }) {
				return nil, fmt.Errorf("authorisation %s in case %s: %w", ref, caseRef, viewing.ErrAuthorisationNotFound)
			}
			detail["authorisation"] = ref
		case ChoiceJustify:
			for _, s := range unresolved {
				j := viewing.Justification{Case: caseRef, Subject: s.ID, Officer: tx.officer.ID, Time: tx.now,
					Factors: d.Factors, Text: d.Text}
				evs, err := viewing.Justify(ctx, tx.Tx, &j)
				if err != nil {
					return nil, err
				}
				events = append(events, evs...)
			}
		default:
			return nil, fmt.Errorf("unknown choice %q (one of %s, %s, %s)", d.Choice, ChoiceLink, ChoiceJustify, ChoiceBack)
		}
		ids := make([]string, len(vc.Subjects))
		for i, s := range vc.Subjects {
			ids[i] = s.ID
		}
		return append(events, audit.Event{Case: caseRef, Action: "navigation.decision", URL: vc.URL, Subjects: ids,
			Detail: audit.Detail(detail)}), nil
	})
	if err != nil {
		return fmt.Errorf("decide about %s: %w", vc.URL, err)
	}
	return nil
}
