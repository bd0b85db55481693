package training

import (
	"context"
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/workspace"
)

// Case is the practice case a training workspace starts with.
const Case = "TRAINING-1"

// Prepare makes ws a training workspace (workspace.MarkTraining) and sets
// it up for practice, once: an officer "TRAINEE" when none is set, the case
// Case, and two of the network's accounts as its subjects, so that viewing
// them again and again meets the repeated-viewing warnings.
func Prepare(ctx context.Context, ws *workspace.Workspace) error {
	if err := ws.MarkTraining(ctx); err != nil {
		return err
	}
	if _, err := ws.CurrentOfficer(ctx); errors.Is(err, workspace.ErrNoOfficer) {
		if _, err := ws.SetOfficer(ctx, workspace.Officer{ID: "TRAINEE", Name: "Trainee"}); err != nil {
			return fmt.Errorf("prepare training: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("prepare training: %w", err)
	}
	if _, err := ws.Case(ctx, Case); err == nil {
		return nil
	}
	if _, err := ws.NewCase(ctx, workspace.Case{Ref: Case, Title: "Practice: the Harbourline network"}); err != nil {
		return fmt.Errorf("prepare training: %w", err)
	}
	for _, a := range network.accounts[:2] {
		if _, err := ws.AddSubject(ctx, Case, a.Name, []string{a.URL()}); err != nil {
			return fmt.Errorf("prepare training: %w", err)
		}
	}
	return nil
}
