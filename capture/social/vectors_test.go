package social_test

import (
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/workspace"
)

var updateVectors = flag.Bool("update-vectors", false, "write the vectors' expected posts.json files")

// TestVectors extracts each vector's gathered page under vectors.rules
// and compares the result with its posts.json (FORMAT.md).
func TestVectors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "vectors", "vectors.rules"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := social.ParseRules(data)
	if err != nil {
		t.Fatal(err)
	}
	rules.Source, rules.URLs = "vectors.rules", workspace.PostURLs
	inputs, err := filepath.Glob(filepath.Join("testdata", "vectors", "*.gathered.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			var g social.Gathered
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(g.URL)
			if err != nil {
				t.Fatal(err)
			}
			got := social.Extract(g, rules, rules.PlatformFor(u.Hostname(), nil), nil)
			out := strings.TrimSuffix(in, ".gathered.json") + ".posts.json"
			if *updateVectors {
				b, _ := json.MarshalIndent(got, "", "  ")
				if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var want social.Posts
			b, err = os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				gb, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("got\n%s\nwant the contents of %s", gb, out)
			}
		})
	}
}
