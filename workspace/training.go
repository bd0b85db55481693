package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/audit"
)

// ErrNotEmpty is returned by MarkTraining for a workspace that holds
// cases: real work never becomes training.
var ErrNotEmpty = errors.New("the workspace holds cases; only a new workspace can be made a training workspace")

// TrainingMarking is stamped before the classification of everything a
// training workspace exports, so that nothing from it passes for evidence.
const TrainingMarking = "TRAINING — NOT EVIDENCE"

// Training reports whether the workspace is a training workspace
// (MarkTraining): its audit events say "training": true and its packs and
// reports are stamped TrainingMarking.
func (w *Workspace) Training() bool { return w.training }

// MarkTraining makes a workspace without cases a training workspace, for
// good; it is audited ("settings.change"), and marking one again does
// nothing.
func (w *Workspace) MarkTraining(ctx context.Context) error {
	if w.training {
		return nil
	}
	err := w.act(ctx, need{}, func(t *tx) ([]audit.Event, error) {
		var cases int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM cases`).Scan(&cases); err != nil {
			return nil, err
		}
		if cases > 0 {
			return nil, ErrNotEmpty
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('training', '1')`); err != nil {
			return nil, err
		}
		w.training = true
		return []audit.Event{{Action: "settings.change", Detail: audit.Detail(map[string]any{"setting": "training", "value": true})}}, nil
	})
	if err != nil {
		w.training = false
		return fmt.Errorf("mark the workspace as training: %w", err)
	}
	return nil
}

// readTraining reads whether the workspace was marked as training.
func (w *Workspace) readTraining(ctx context.Context) error {
	var n int
	err := w.reader.QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = 'training' AND value = '1'`).Scan(&n)
	w.training = n > 0
	return err
}

// trainingDetail is an event's detail with "training": true.
func trainingDetail(detail json.RawMessage) (json.RawMessage, error) {
	m := map[string]any{}
	if len(detail) > 0 {
		if err := json.Unmarshal(detail, &m); err != nil {
			return nil, fmt.Errorf("mark event as training: %w", err)
		}
	}
	m["training"] = true
	return audit.Detail(m), nil
}

// stamp is marking as a training workspace exports it.
func (w *Workspace) stamp(marking string) string {
	if w.training {
		return TrainingMarking + " (" + marking + ")"
	}
	return marking
}
