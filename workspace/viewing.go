package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// The repeated-viewing safeguard (DESIGN.md §6): each method checks what
// the action needs and runs package viewing's function for it in one
// transaction with its audit events.

// Check answers what the repeated-viewing rules say about opening rawURL
// now in the case, without recording anything.
func (w *Workspace) Check(ctx context.Context, caseRef, rawURL string) (viewing.ViewCheck, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return viewing.ViewCheck{}, fmt.Errorf("check %s: %w", rawURL, err)
	}
	p, err := w.Policy()
	if err != nil {
		return viewing.ViewCheck{}, fmt.Errorf("check %s: %w", rawURL, err)
	}
	vc, err := viewing.CheckElsewhere(ctx, w.reader, p, caseRef, rawURL, w.Now(), w.elsewhere(ctx, caseRef, rawURL, p))
	if err != nil {
		return viewing.ViewCheck{}, fmt.Errorf("check %s: %w", rawURL, err)
	}
	if vc.Central == viewing.CentralMissing {
		if err := w.audit(ctx, need{}, centralMissingEvent(caseRef, rawURL, vc)); err != nil {
			return viewing.ViewCheck{}, fmt.Errorf("check %s: %w", rawURL, err)
		}
	}
	return vc, nil
}

// RecordView records that the researcher saw rawURL in the case with the
// persona ("" for the default one), as the research browser does: the view,
// its subjects and its "view" event (verdict, episode, authorisation,
// reasons), and any justification given (viewing.Record).
func (w *Workspace) RecordView(ctx context.Context, caseRef, rawURL, persona string, opts ...viewing.ViewOption) (viewing.ViewCheck, error) {
	if persona == "" {
		persona = DefaultPersona
	}
	p, err := w.Policy()
	if err != nil {
		return viewing.ViewCheck{}, fmt.Errorf("record view of %s: %w", rawURL, err)
	}
	seen := viewing.View{URL: rawURL}
	for _, o := range opts {
		o(&seen)
	}
	if seen.Seen == "" {
		seen.Seen = rawURL
	}
	elsewhere := w.elsewhere(ctx, caseRef, seen.Seen, p)
	var vc viewing.ViewCheck
	err = w.act(ctx, need{officer: true, openCase: caseRef, persona: persona}, func(tx *tx) ([]audit.Event, error) {
		v := viewing.View{Case: caseRef, URL: rawURL, Persona: persona, Officer: tx.officer.ID, Time: tx.now, Elsewhere: elsewhere}
		for _, o := range opts {
			o(&v)
		}
		var events []audit.Event
		var err error
		vc, events, err = viewing.Record(ctx, tx.Tx, p, v)
		if err == nil && vc.Central == viewing.CentralMissing {
			events = append(events, centralMissingEvent(caseRef, rawURL, vc))
		}
		return events, err
	})
	if err != nil {
		return viewing.ViewCheck{}, fmt.Errorf("record view of %s: %w", rawURL, err)
	}
	if vc.Central == viewing.CentralCounted {
		// Best effort: the next sync tells the other cases when this cannot.
		_ = w.deconflict(ctx, caseRef, w.viewKeys(ctx, caseRef, vc))
	}
	return vc, nil
}

// AddSubject records a subject of a case with its identifiers, as typed
// (viewing.ParseIdentifiers); views of the case recorded before that match
// it count from now on.
func (w *Workspace) AddSubject(ctx context.Context, caseRef, name string, raw []string) (viewing.Subject, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return viewing.Subject{}, fmt.Errorf("add subject to %s: a subject needs a name", caseRef)
	}
	ids, err := viewing.ParseIdentifiers(raw)
	if err != nil {
		return viewing.Subject{}, fmt.Errorf("add subject %q: %w", name, err)
	}
	s := viewing.Subject{Case: caseRef, Name: name, Identifiers: ids}
	err = w.act(ctx, need{officer: true, openCase: caseRef}, func(tx *tx) ([]audit.Event, error) {
		s.Officer, s.Created = tx.officer.ID, tx.now
		return viewing.AddSubject(ctx, tx.Tx, &s)
	})
	if err != nil {
		return viewing.Subject{}, fmt.Errorf("add subject %q to %s: %w", name, caseRef, err)
	}
	// Best effort: the next sync tells the other cases when this cannot.
	_ = w.deconflict(ctx, caseRef, subjectKeys(s))
	return s, nil
}

// Subjects lists a case's subjects with their identifiers.
func (w *Workspace) Subjects(ctx context.Context, caseRef string) ([]viewing.Subject, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list subjects: %w", err)
	}
	return viewing.Subjects(ctx, w.reader, caseRef)
}

// Subject reads one subject.
func (w *Workspace) Subject(ctx context.Context, id string) (viewing.Subject, error) {
	return viewing.SubjectByID(ctx, w.reader, id)
}

// SubjectViewing reads the viewing history of a subject.
func (w *Workspace) SubjectViewing(ctx context.Context, id string) (viewing.SubjectViewing, error) {
	s, err := w.Subject(ctx, id)
	if err != nil {
		return viewing.SubjectViewing{}, err
	}
	p, err := w.Policy()
	if err != nil {
		return viewing.SubjectViewing{}, fmt.Errorf("viewing history of %s: %w", s.ID, err)
	}
	return viewing.History(ctx, w.reader, p, s, w.Now())
}

// AddAuthorisation records an authorisation in a.Case covering a.Subjects
// from a.From until a.To (viewing.AddAuthorisation).
func (w *Workspace) AddAuthorisation(ctx context.Context, a viewing.Authorisation) (viewing.Authorisation, error) {
	err := w.act(ctx, need{officer: true, openCase: a.Case}, func(tx *tx) ([]audit.Event, error) {
		a.Officer, a.Created = tx.officer.ID, tx.now
		return viewing.AddAuthorisation(ctx, tx.Tx, &a)
	})
	if err != nil {
		return viewing.Authorisation{}, fmt.Errorf("add authorisation %s to %s: %w", strings.TrimSpace(a.Ref), a.Case, err)
	}
	return a, nil
}

// Authorisations lists a case's authorisations, by start then reference.
func (w *Workspace) Authorisations(ctx context.Context, caseRef string) ([]viewing.Authorisation, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list authorisations: %w", err)
	}
	return viewing.Authorisations(ctx, w.reader, caseRef)
}

// ExpireAuthorisation ends the case's authorisation ref now
// (viewing.ExpireAuthorisation).
func (w *Workspace) ExpireAuthorisation(ctx context.Context, caseRef, ref string) (viewing.Authorisation, error) {
	var a viewing.Authorisation
	err := w.act(ctx, need{officer: true, openCase: caseRef}, func(tx *tx) ([]audit.Event, error) {
		var events []audit.Event
		var err error
		a, events, err = viewing.ExpireAuthorisation(ctx, tx.Tx, caseRef, ref, tx.now)
		return events, err
	})
	if err != nil {
		return viewing.Authorisation{}, fmt.Errorf("expire authorisation %s of %s: %w", ref, caseRef, err)
	}
	return a, nil
}

// Justify records a justification for viewing subject in the case; it
// applies to the next view of the subject there (viewing.Justify).
func (w *Workspace) Justify(ctx context.Context, caseRef, subject string, f ripa.Factors, text string) (viewing.Justification, error) {
	j := viewing.Justification{Case: caseRef, Subject: subject, Factors: f, Text: text}
	err := w.act(ctx, need{officer: true, openCase: caseRef}, func(tx *tx) ([]audit.Event, error) {
		j.Officer, j.Time = tx.officer.ID, tx.now
		return viewing.Justify(ctx, tx.Tx, &j)
	})
	if err != nil {
		return viewing.Justification{}, fmt.Errorf("justify viewing %s in %s: %w", subject, caseRef, err)
	}
	return j, nil
}

// Justifications lists a case's justifications, oldest first.
func (w *Workspace) Justifications(ctx context.Context, caseRef string) ([]viewing.Justification, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list justifications: %w", err)
	}
	return viewing.Justifications(ctx, w.reader, caseRef)
}

// Flags derives the auditor's findings for a case, or for every case when
// caseRef is "" (viewing.Flags).
func (w *Workspace) Flags(ctx context.Context, caseRef string) ([]viewing.Flag, error) {
	if caseRef != "" {
		if _, err := w.Case(ctx, caseRef); err != nil {
			return nil, fmt.Errorf("flags: %w", err)
		}
	}
	p, err := w.Policy()
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	return viewing.Flags(ctx, w.reader, p, caseRef)
}
