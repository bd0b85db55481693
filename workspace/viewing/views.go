package viewing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// ErrNothingToJustify is returned when a justification is offered with a
// view that matches no subject of the case.
var ErrNothingToJustify = errors.New("the page matches no subject of the case, so there is nothing to justify")

// ViewCheck answers "what happens if I open this URL now?" in a case
// (DESIGN.md §6, audit/ripa/RULES.md). RecordView returns the same answer,
// as it stood just before the view, with what the view recorded.
type ViewCheck struct {
	URL      string              `json:"url"`
	Time     time.Time           `json:"time"`
	Identity identifier.Identity `json:"-"`
	Key      string              `json:"key"` // Identity.Key, the canonical form matched
	// Profile is the profile-like identity the page shows (ripa.ProfileKey).
	Profile  string         `json:"profile,omitempty"`
	Subjects []SubjectCheck `json:"subjects"` // matched subjects, strictest first
	Verdict  ripa.Action    `json:"verdict"`  // allow, warn or ask: the strictest subject's
	// EpisodeNumber is the deciding subject's episode within the window
	// that the view is in (0 when no subject matched); NewEpisode says
	// whether the view begins it.
	EpisodeNumber int  `json:"episode"`
	NewEpisode    bool `json:"new_episode"`
	// Episodes are the deciding subject's earlier episodes in the window.
	Episodes []EpisodeSpan `json:"episodes"`
	// Authorisation is the reference of the authorisation in force for the
	// deciding subject, "" if none; Lapsed one that expired in the window.
	Authorisation string   `json:"authorisation,omitempty"`
	Lapsed        string   `json:"lapsed,omitempty"`
	Reasons       []string `json:"reasons"`
	// UnknownProfile: the page is a profile (or a post under one) that
	// matches no subject of the case; offer to add it as a subject.
	UnknownProfile bool `json:"unknown_profile"`
	// Justified are the subjects with a justification for this view: one
	// recorded and waiting for the next view (Check), or recorded with it
	// (RecordView).
	Justified []string `json:"justified"`
	// View, Linked: the view's id and the authorisation its row carries;
	// set by RecordView only.
	View   int64  `json:"view,omitempty"`
	Linked string `json:"linked,omitempty"`
	// Central says whether the force-wide store's views were counted
	// ("counted"), could not be ("missing", with CentralError), or no
	// store is configured (""); CentralViews counts the views from other
	// workstations in the window.
	Central      string `json:"central,omitempty"`
	CentralError string `json:"central_error,omitempty"`
	CentralViews int    `json:"central_views,omitempty"`
}

// SubjectCheck is the rules' answer for one matched subject.
type SubjectCheck struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Verdict       ripa.Action   `json:"verdict"`
	EpisodeNumber int           `json:"episode"`
	Authorisation string        `json:"authorisation,omitempty"`
	Episodes      []EpisodeSpan `json:"episodes"`
}

// EpisodeSpan is one viewing episode of a subject, for display.
type EpisodeSpan struct {
	Start          time.Time `json:"start"`
	End            time.Time `json:"end"`
	Views          int       `json:"views"`
	Justified      bool      `json:"justified"`
	Authorisations []string  `json:"authorisations,omitempty"`
}

// Unresolved lists the subjects for which the rules ask and no
// justification applies: the researcher must link an authorisation in
// force, record a justification or go back.
func (c ViewCheck) Unresolved() []SubjectCheck {
	var out []SubjectCheck
	for _, s := range c.Subjects {
		if s.Verdict == ripa.Ask && !slices.Contains(c.Justified, s.ID) {
			out = append(out, s)
		}
	}
	return out
}

// ViewOption records what the researcher did about a view's verdict.
type ViewOption func(*View)

// LinkAuthorisation links the view to the case's authorisation ref: the
// researcher relies on it. Whether it covers the subjects depends only on
// its subjects and period; a link to one not in force is flagged.
func LinkAuthorisation(ref string) ViewOption {
	return func(v *View) { v.Link = strings.TrimSpace(ref) }
}

// WithJustification records a justification with the view, for each
// subject the rules ask about (or, when they ask about none, for every
// matched subject).
func WithJustification(f ripa.Factors, text string) ViewOption {
	return func(v *View) { v.Justification = &Given{Factors: f, Text: text} }
}

// Loaded says what the page became once it loaded: its final URL, which is
// what the view is matched by, and its title.
func Loaded(finalURL, title string) ViewOption {
	return func(v *View) { v.Seen, v.Title = finalURL, title }
}

// Authored names the post's author as the page shows it (a handle, from
// posts.json), for a post whose URL does not name one
// (instagram.com/p/…, youtube.com/watch?v=…): the view is matched to the
// author's subjects as if the URL named them.
func Authored(handle string) ViewOption {
	return func(v *View) { v.Author = strings.TrimPrefix(strings.TrimSpace(handle), "@") }
}

// Reached says how the researcher came to the page (the Reached*
// constants) and in which tab of the research browser.
func Reached(how, tab string) ViewOption {
	return func(v *View) { v.Reached, v.Tab = how, tab }
}

// Through records the network identity the page was loaded through (the
// persona's proxy without credentials, user agent, language, time zone and
// egress address: a capture.NetworkIdentity, which this package does not
// import), as it is, in the view's event.
func Through(network any) ViewOption {
	return func(v *View) { v.Network = network }
}

// How a view was reached in the research browser.
const (
	ReachedTyped       = "typed"        // typed into the address bar
	ReachedLink        = "link"         // a link or a script on the page
	ReachedForm        = "form"         // a form submitted
	ReachedRedirect    = "redirect"     // a server or page redirect
	ReachedBackForward = "back-forward" // the history buttons or keys
	ReachedReload      = "reload"
	ReachedPopup       = "pop-up"  // a new tab the page opened
	ReachedInPage      = "in-page" // a single-page app's route change (history API)
)

// Given is a justification given with a view.
type Given struct {
	Factors ripa.Factors
	Text    string
}

// View is one view to record: what the researcher saw, as whom, when, and
// what they did about the verdict.
type View struct {
	Case    string
	URL     string // as asked for: typed, clicked, or the capture's
	Seen    string // the final URL, what is matched against the subjects; URL when ""
	Title   string
	Reached string // how the researcher came to it (Reached*); "" for the CLI and captures
	Tab     string // the research browser's tab
	Persona string
	Officer string
	Capture string    // the capture that counts as this view; "" for a view alone
	Author  string    // the post's author as the page names it (Authored)
	Time    time.Time // to the millisecond
	// Link and Justification are what the researcher did about the
	// verdict (LinkAuthorisation, WithJustification).
	Link          string
	Justification *Given
	// Elsewhere is what the central store holds of the subjects (set by
	// the workspace before the transaction).
	Elsewhere Elsewhere
	// Network is the network identity the page was loaded through
	// (Through); nil when no browser loaded it (the CLI's view).
	Network any
}

func (v View) seen() string {
	if v.Seen != "" {
		return v.Seen
	}
	return v.URL
}

// Check answers what the repeated-viewing rules, under policy p, say about
// opening rawURL at now in the case, reading through q and recording
// nothing (DESIGN.md §6, audit/ripa/RULES.md).
func Check(ctx context.Context, q Queryer, p ripa.Policy, caseRef, rawURL string, now time.Time) (ViewCheck, error) {
	return CheckElsewhere(ctx, q, p, caseRef, rawURL, now, Elsewhere{})
}

// CheckElsewhere is Check counting also what e holds: the views and
// authorisations of the central store.
func CheckElsewhere(ctx context.Context, q Queryer, p ripa.Policy, caseRef, rawURL string, now time.Time, e Elsewhere) (ViewCheck, error) {
	id, err := identifier.FromURL(rawURL)
	if err != nil {
		return ViewCheck{}, err
	}
	return assess(ctx, q, p, caseRef, rawURL, id, now.Truncate(time.Millisecond), e)
}

// Record assesses and records one view inside tx: the view, its matched
// subjects, the justifications waiting for it and any given with it. It
// returns the verdict as it stood just before the view, with the view's id,
// and the audit events to append in the same transaction: any
// justifications, then the "view" event (verdict, episode, authorisation
// and reasons in its detail, and the capture's id and final URL when a
// capture counts as the view). A view the rules ask about is recorded
// whatever the researcher chose: it has been seen; ViewCheck.Unresolved
// says whether anything still needs doing. The caller checks that the
// officer, case and persona exist.
func Record(ctx context.Context, tx *sql.Tx, p ripa.Policy, v View) (ViewCheck, []audit.Event, error) {
	v.Time = v.Time.UTC().Truncate(time.Millisecond)
	id, err := identifier.FromURL(v.seen())
	if err != nil {
		return ViewCheck{}, nil, err
	}
	id = id.WithAuthor(v.Author)
	vc, err := assess(ctx, tx, p, v.Case, v.URL, id, v.Time, v.Elsewhere)
	if err != nil {
		return ViewCheck{}, nil, err
	}
	vc.Linked, err = linkFor(ctx, tx, v, vc)
	if err != nil {
		return ViewCheck{}, nil, err
	}
	if vc.View, err = insertView(ctx, tx, v, vc); err != nil {
		return ViewCheck{}, nil, err
	}
	events, err := justifyView(ctx, tx, v, &vc)
	if err != nil {
		return ViewCheck{}, nil, err
	}
	return vc, append(events, viewEvent(v, vc)), nil
}

// linkFor returns the authorisation the view row carries: the one the
// researcher linked (which must be recorded in the case), else the one in
// force for the deciding subject, else for any matched subject.
func linkFor(ctx context.Context, tx *sql.Tx, v View, vc ViewCheck) (string, error) {
	if v.Link != "" {
		if _, err := authorisationByRef(ctx, tx, v.Case, v.Link); err != nil {
			return "", err
		}
		return v.Link, nil
	}
	if vc.Authorisation != "" {
		return vc.Authorisation, nil
	}
	for _, s := range vc.Subjects {
		if s.Authorisation != "" {
			return s.Authorisation, nil
		}
	}
	return "", nil
}

// insertView writes the views row and one view_subjects row per subject.
func insertView(ctx context.Context, tx *sql.Tx, v View, vc ViewCheck) (int64, error) {
	id := vc.Identity
	res, err := tx.ExecContext(ctx, `INSERT INTO views (time, officer, case_ref, persona, url, key, platform,
		kind, account, post, profile, authorisation, verdict, episode, capture, final_url, title, reached, tab)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sqltime.Format(v.Time), v.Officer, v.Case, v.Persona, v.URL, id.Key, id.Platform, id.Kind, id.Account,
		id.Post, vc.Profile, vc.Linked, string(vc.Verdict), vc.EpisodeNumber, v.Capture, v.seen(), v.Title, v.Reached, v.Tab)
	if err != nil {
		return 0, fmt.Errorf("insert view: %w", err)
	}
	n, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert view: %w", err)
	}
	for _, s := range vc.Subjects {
		sn, err := subjectNumber(s.ID)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO view_subjects (subject, time, view) VALUES (?, ?, ?)`,
			sn, sqltime.Format(v.Time), n); err != nil {
			return 0, fmt.Errorf("insert view %d of %s: %w", n, s.ID, err)
		}
	}
	return n, nil
}

// viewDetail is the detail of a "view" audit event.
type viewDetail struct {
	View          int64       `json:"view"`
	Key           string      `json:"key"`
	Persona       string      `json:"persona"`
	Verdict       ripa.Action `json:"verdict"`
	Episode       int         `json:"episode"`
	Authorisation string      `json:"authorisation,omitempty"`
	Reasons       []string    `json:"reasons,omitempty"`
	Profile       string      `json:"profile,omitempty"`
	Justified     []string    `json:"justified,omitempty"`
	Unresolved    []string    `json:"unresolved,omitempty"`
	Capture       string      `json:"capture,omitempty"`
	FinalURL      string      `json:"final_url,omitempty"`
	Title         string      `json:"title,omitempty"`
	Reached       string      `json:"reached,omitempty"`
	Tab           string      `json:"tab,omitempty"`
	Central       string      `json:"central,omitempty"`
	CentralViews  int         `json:"central_views,omitempty"`
	Network       any         `json:"network,omitempty"`
}

func viewEvent(v View, vc ViewCheck) audit.Event {
	d := viewDetail{View: vc.View, Key: vc.Identity.Key, Persona: v.Persona, Verdict: vc.Verdict,
		Episode: vc.EpisodeNumber, Authorisation: vc.Linked, Reasons: vc.Reasons, Profile: vc.Profile,
		Justified: vc.Justified, Capture: v.Capture, Title: v.Title, Reached: v.Reached, Tab: v.Tab,
		Central: vc.Central, CentralViews: vc.CentralViews, Network: v.Network}
	if v.Capture != "" || v.seen() != v.URL {
		d.FinalURL = v.seen()
	}
	for _, s := range vc.Unresolved() {
		d.Unresolved = append(d.Unresolved, s.ID)
	}
	return audit.Event{Officer: v.Officer, Case: v.Case, Action: "view", URL: v.URL,
		Subjects: subjectIDs(vc.Subjects), Time: v.Time, Detail: audit.Detail(d)}
}

func subjectIDs(ss []SubjectCheck) []string {
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return sortIDs(ids)
}

// assess runs the rules for a view of id at now in the case, reading
// through q (the reader pool, or the write transaction of RecordView).
func assess(ctx context.Context, q Queryer, p ripa.Policy, caseRef, rawURL string, id identifier.Identity, now time.Time, e Elsewhere) (ViewCheck, error) {
	vc := ViewCheck{URL: rawURL, Time: now, Identity: id, Key: id.Key, Profile: ripa.ProfileKey(id), Verdict: ripa.Allow,
		Subjects: []SubjectCheck{}, Episodes: []EpisodeSpan{}, Reasons: []string{}, Justified: []string{}}
	subjects, err := matchNamed(ctx, q, caseRef, id)
	if err != nil {
		return ViewCheck{}, err
	}
	if len(subjects) == 0 {
		vc.NewEpisode, vc.UnknownProfile = true, vc.Profile != ""
		e.add(&vc, nil, nil, now)
		vc.centralReasons()
		return vc, nil
	}
	ids := make([]string, len(subjects))
	for i, s := range subjects {
		ids[i] = s.ID
	}
	since := p.Since(now)
	history, err := subjectViews(ctx, q, ids, since)
	if err != nil {
		return ViewCheck{}, err
	}
	auths, err := coveringAuthorisations(ctx, q, ids, since)
	if err != nil {
		return ViewCheck{}, err
	}
	if vc.Justified, err = pendingJustifications(ctx, q, caseRef, ids); err != nil {
		return ViewCheck{}, err
	}
	history, auths = e.add(&vc, history, auths, since)
	vc.fill(ripa.Check(p, now, subjects, history, auths), history)
	vc.centralReasons()
	return vc, nil
}

// fill copies the rules' verdict into c.
func (c *ViewCheck) fill(v ripa.Verdict, history []ripa.View) {
	c.Verdict, c.EpisodeNumber, c.NewEpisode = v.Action, v.EpisodeNumber, v.NewEpisode
	c.Episodes = spans(v.Episodes)
	if v.Authorisation != nil {
		c.Authorisation = v.Authorisation.Ref
	}
	if v.Lapsed != nil {
		c.Lapsed = v.Lapsed.Ref
	}
	c.Reasons = append(c.Reasons, v.Reasons...)
	for _, a := range v.Subjects {
		s := SubjectCheck{ID: a.Subject.ID, Name: a.Subject.Name, Verdict: a.Action,
			EpisodeNumber: a.EpisodeNumber, Episodes: spans(a.Episodes)}
		if a.Authorisation != nil {
			s.Authorisation = a.Authorisation.Ref
		}
		c.Subjects = append(c.Subjects, s)
	}
}

func spans(eps []ripa.Episode) []EpisodeSpan {
	out := make([]EpisodeSpan, len(eps))
	for i, e := range eps {
		out[i] = EpisodeSpan{Start: e.Start, End: e.End, Views: len(e.Views), Justified: e.Justified,
			Authorisations: e.Authorisations}
	}
	return out
}

// rematchTx counts a subject's views from before it was added: inside the
// transaction that inserted s (with its id and identifiers), every view
// of s's case whose page matches one of s's identifiers gets its
// view_subjects row. It returns the audit event that says so
// ("subject.rematch", naming s, with the views' ids), or none when no
// earlier view matches. The views' own events and verdicts are kept as
// they were; later checks and flags count the views.
func rematchTx(ctx context.Context, tx *sql.Tx, s Subject) ([]audit.Event, error) {
	sn, err := subjectNumber(s.ID)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, p := range platformsOf(s.Identifiers) {
		found, err := matchingViews(ctx, tx, s, p)
		if err != nil {
			return nil, fmt.Errorf("rematch views of %s: %w", s.ID, err)
		}
		for _, v := range found {
			if slices.Contains(ids, v.id) {
				continue
			}
			ids = append(ids, v.id)
			if _, err := tx.ExecContext(ctx, `INSERT INTO view_subjects (subject, time, view) VALUES (?, ?, ?)`,
				sn, v.time, v.id); err != nil {
				return nil, fmt.Errorf("rematch view %d to %s: %w", v.id, s.ID, err)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	slices.Sort(ids)
	return []audit.Event{{Case: s.Case, Action: "subject.rematch", Subjects: []string{s.ID}, Time: s.Created,
		Detail: audit.Detail(map[string]any{"views": ids})}}, nil
}

func platformsOf(ids []Identifier) []string {
	var out []string
	for _, i := range ids {
		if !slices.Contains(out, i.Platform) {
			out = append(out, i.Platform)
		}
	}
	return out
}

type storedView struct {
	id   int64
	time string
}

// matchingViews returns the views of s's case on platform that match one
// of s's identifiers.
func matchingViews(ctx context.Context, tx *sql.Tx, s Subject, platform string) ([]storedView, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, time, key, kind, account, post FROM views
		WHERE case_ref = ? AND platform = ? ORDER BY id`, s.Case, platform)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedView
	for rows.Next() {
		var v storedView
		seen := identifier.Identity{Platform: platform}
		if err := rows.Scan(&v.id, &v.time, &seen.Key, &seen.Kind, &seen.Account, &seen.Post); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(s.Identifiers, func(i Identifier) bool { return identifier.Matches(i.identity(), seen) }) {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}
