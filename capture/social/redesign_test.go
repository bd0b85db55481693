package social_test

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/capture/social"
)

const linkedinPost = "https://www.linkedin.com/posts/harbour-ferries_hiring-activity-7270011223344556677-AbCd"

func init() {
	routes["www.linkedin.com/posts/harbour-ferries_hiring-activity-7270011223344556677-AbCd"] = "../redesign/linkedin-post.html"
}

var classAttr = regexp.MustCompile(`class="([^"]*)"`)

// redesign renames every class of a page, as a platform's redesign does:
// each name becomes a short hash of itself.
func redesign(page []byte) []byte {
	return classAttr.ReplaceAllFunc(page, func(m []byte) []byte {
		names := strings.Fields(string(classAttr.FindSubmatch(m)[1]))
		for i, n := range names {
			sum := sha256.Sum256([]byte(n))
			names[i] = "x" + hex.EncodeToString(sum[:3])
		}
		return []byte(`class="` + strings.Join(names, " ") + `"`)
	})
}

// TestRedesignKeepsStructuredData: after every class of a post page is
// renamed, structured data still gives the author, handle, time, text and
// post id, and `rules check` names the DOM rules that stopped matching.
func TestRedesignKeepsStructuredData(t *testing.T) {
	rules := social.BuiltInRules()
	before, beforePosts, err := browser.CheckRules(t.Context(), captureRequest(linkedinPost, rules))
	if err != nil {
		t.Fatal(err)
	}
	after, afterPosts, err := browser.CheckRules(t.Context(), captureRequest(linkedinPost+"?redesign=1", rules))
	if err != nil {
		t.Fatal(err)
	}
	if before.Platform != "linkedin" || after.Platform != "linkedin" {
		t.Fatalf("platforms %s and %s", before.Platform, after.Platform)
	}
	was, is := beforePosts.Posts[0], afterPosts.Posts[0]
	for field, v := range map[string][2]string{
		"author": {was.Author.Name, is.Author.Name}, "handle": {was.Author.Handle, is.Author.Handle},
		"time": {was.Time, is.Time}, "text": {was.Text, is.Text}, "id": {was.ID, is.ID},
	} {
		if v[0] == "" || v[0] != v[1] {
			t.Errorf("%s: %q before the redesign, %q after", field, v[0], v[1])
		}
		if src := is.Sources[field]; src != "json-ld" {
			t.Errorf("%s came from %s after the redesign, want json-ld", field, src)
		}
	}
	matched := map[string]bool{}
	for _, r := range before.Results {
		matched[r.Rule] = r.Matched > 0
	}
	failing := map[string]bool{}
	for _, r := range after.Failing() {
		failing[r.Rule] = true
	}
	stopped := 0
	for _, r := range after.Results {
		switch {
		case matched[r.Rule] && r.Matched == 0:
			stopped++
			if !failing[r.Rule] {
				t.Errorf("rule %s stopped matching, and Failing does not name it", r.Rule)
			}
		case !matched[r.Rule] && r.Matched > 0:
			t.Errorf("rule %s matches only after the redesign", r.Rule)
		}
	}
	if stopped == 0 {
		t.Errorf("no rule stopped matching after every class was renamed: %+v", after.Results)
	}
}
