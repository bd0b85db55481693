package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
)

// A training workspace says so in every event from its marking on, for
// good, and stamps its packs so that nothing from it passes for evidence;
// a workspace that holds cases cannot be made one.
func TestTrainingWorkspace(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	dir := t.TempDir()
	ws := must(Open(ctx, dir))
	if err := ws.MarkTraining(ctx); err != nil {
		t.Fatal(err)
	}
	must(ws.SetOfficer(ctx, Officer{ID: "4127", Name: "Trainee"})) // fakeCaseCapture's officer
	must(ws.NewCase(ctx, Case{Ref: "TRAINING-1", Title: "Practice"}))
	ws.Close()
	ws = must(Open(ctx, dir))
	defer ws.Close()
	if !ws.Training() {
		t.Fatal("the workspace forgot it is a training workspace")
	}
	fakeCaseCapture(t, ws, "TRAINING-1", "https://example.org/post/1", captureFiles(t, "https://example.org/post/1"))
	res, err := ws.Export(ctx, ExportRequest{Case: "TRAINING-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep := verifyPack(t, res.Path); !strings.HasPrefix(rep.Manifest.Classification, TrainingMarking+" (") {
		t.Errorf("pack classification %q, want it stamped %q", rep.Manifest.Classification, TrainingMarking)
	}
	all := events(t, ws, audit.Filter{})
	for _, e := range all {
		var d map[string]any
		if err := json.Unmarshal(e.Detail, &d); err != nil || d["training"] != true {
			t.Errorf("event %d %s: detail %s lacks \"training\": true", e.Seq, e.Action, e.Detail)
		}
	}
	if rep, err := ws.VerifyAudit(ctx); err != nil || !rep.OK() {
		t.Errorf("chain: %+v, %v", rep, err)
	}

	real := openTest(t)
	must(real.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}))
	must(real.NewCase(ctx, Case{Ref: "OP-1"}))
	if err := real.MarkTraining(ctx); !errors.Is(err, ErrNotEmpty) || real.Training() {
		t.Errorf("marking a workspace with a case: %v, training %v", err, real.Training())
	}
}
