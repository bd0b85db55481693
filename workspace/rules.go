package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// RulesFile is the name of the workspace's social-media rules file: a
// newer copy of the built-in rules (capture/social/FORMAT.md), installed
// by InstallRules when a platform changes its markup.
const RulesFile = "rules.txt"

// RulesPath is where the workspace's rules file is.
func (w *Workspace) RulesPath() string { return filepath.Join(w.dir, RulesFile) }

// Rules are the social-media rules in force: the workspace's file, or the
// built-in rules when there is none. A file that no longer loads (changed
// by hand) is an error; InstallRules never writes one.
func (w *Workspace) Rules() (*social.Rules, error) {
	r, err := social.LoadRules(w.RulesPath())
	if err != nil {
		return nil, err
	}
	r.URLs = PostURLs
	return r, nil
}

// PostURLs reads a URL as the audit matches it (audit/identifier), for
// posts.json: a post's id and account, a profile's account.
func PostURLs(raw string) social.URLInfo {
	id, err := identifier.FromURL(raw)
	if err != nil {
		return social.URLInfo{}
	}
	var info social.URLInfo
	switch id.Kind {
	case identifier.KindPost:
		info.Kind, info.Post = social.PagePost, id.Post
	case identifier.KindProfile, identifier.KindGroup:
		info.Kind = social.PageProfile
	}
	if a, ok := id.AccountIdentity(); ok {
		info.Handle, info.AccountURL = strings.TrimPrefix(a.Account, "@"), a.URL()
	}
	return info
}

// InstallRules checks the rules file at path (it must parse and be at
// least as new as the built-in rules) and makes it the workspace's,
// audited as a setting change with the old and new versions and the
// file's SHA-256. A file that does not pass is refused with its line, and
// the rules in force stay as they were.
func (w *Workspace) InstallRules(ctx context.Context, path string) (old, installed social.RulesUsed, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return old, installed, fmt.Errorf("install rules: %w", err)
	}
	if _, err := social.ParseRules(data); err != nil {
		return old, installed, fmt.Errorf("install rules %s: %w", path, err)
	}
	err = w.act(ctx, need{officer: true}, func(*tx) ([]audit.Event, error) {
		before, err := w.Rules()
		if err != nil {
			before = social.BuiltInRules() // a broken file is replaced
		}
		prev, readErr := os.ReadFile(w.RulesPath())
		if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
			return nil, readErr
		}
		if err := atomicfile.WriteFile(w.RulesPath(), data, 0o600, true); err != nil {
			return nil, err
		}
		after, err := w.Rules()
		if err != nil {
			w.restoreRules(prev, readErr == nil)
			return nil, err
		}
		old, installed = used(before), used(after)
		detail := audit.Detail(map[string]any{"setting": "rules", "file": RulesFile, "from": path,
			"old_version": before.Version, "version": after.Version, "sha256": after.SHA256})
		return []audit.Event{{Action: "settings.change", Detail: detail}}, nil
	})
	if err != nil {
		return old, installed, fmt.Errorf("install rules %s: %w", path, err)
	}
	return old, installed, nil
}

func (w *Workspace) restoreRules(prev []byte, existed bool) {
	if !existed {
		os.Remove(w.RulesPath()) //nolint:errcheck // best effort on an error path
		return
	}
	atomicfile.WriteFile(w.RulesPath(), prev, 0o600, true) //nolint:errcheck // best effort on an error path
}

func used(r *social.Rules) social.RulesUsed {
	return social.RulesUsed{Version: r.Version, Source: r.Source, SHA256: r.SHA256}
}

// CaptureRules are the rules a capture reads posts by: the workspace's,
// or when its file no longer loads, the built-in ones, with the reason
// (for the capture's metadata).
func (w *Workspace) CaptureRules() (*social.Rules, string) {
	r, err := w.Rules()
	if err != nil {
		r = social.BuiltInRules()
		r.URLs = PostURLs
		return r, err.Error() + "; the built-in rules were used"
	}
	return r, ""
}

// CheckRules loads url in the case as a capture would, and reports each
// rule of its platform with what it matched (`sightline rules check`).
// Loading the page is a view: it is recorded and audited as one.
func (w *Workspace) CheckRules(ctx context.Context, b *Browser, caseRef, url string) (*social.Check, viewing.ViewCheck, error) {
	if _, err := w.ready(ctx, need{officer: true, openCase: caseRef, persona: b.Persona}); err != nil {
		return nil, viewing.ViewCheck{}, fmt.Errorf("check rules on %s: %w", url, err)
	}
	rules, err := w.Rules()
	if err != nil {
		return nil, viewing.ViewCheck{}, fmt.Errorf("check rules on %s: %w", url, err)
	}
	check, posts, err := b.CheckRules(ctx, capture.Request{URL: url, Rules: rules})
	if err != nil {
		return nil, viewing.ViewCheck{}, err
	}
	vc, err := w.RecordView(ctx, caseRef, url, b.Persona, viewing.Loaded(check.URL, ""), viewing.Authored(pageAuthor(posts)))
	if err != nil {
		return nil, viewing.ViewCheck{}, fmt.Errorf("check rules on %s: %w", url, err)
	}
	return check, vc, nil
}
