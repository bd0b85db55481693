package capture

// Login is what the page showed about the persona's login state, as far as
// its visible controls tell. It is a heuristic, recorded with its grounds:
// a page can show neither, and a site can word its controls in any way.
type Login struct {
	// State is "logged-in" (a log-out control is shown), "logged-out" (a
	// password field or a log-in control, and no log-out control) or
	// "unknown".
	State string `json:"state"`
	// Grounds lists what was seen, e.g. `log-out control "Log out"`.
	Grounds []string `json:"grounds,omitempty"`
}

// Login states.
const (
	LoggedIn     = "logged-in"
	LoggedOut    = "logged-out"
	LoginUnknown = "unknown"
)

// loginJS looks for log-out and log-in controls and password fields in the
// main document, in an isolated world.
const loginJS = `(() => {
  const grounds = {out: [], in: [], password: 0};
  const label = e => (e.innerText || e.getAttribute("aria-label") || e.value || "").trim().slice(0, 60);
  for (const e of document.querySelectorAll('a, button, [role="button"], [role="menuitem"], input[type="submit"]')) {
    const text = label(e), href = (e.getAttribute("href") || "").toLowerCase();
    if (/\b(log ?out|sign ?out|logout|signout)\b/i.test(text) || /(log_?out|sign_?out)/.test(href)) grounds.out.push(text || href);
    else if (/^(log ?in|sign ?in|login|signin)\b/i.test(text)) grounds.in.push(text);
  }
  grounds.password = document.querySelectorAll('input[type="password"]').length;
  return grounds;
})()`

// loginGrounds is what loginJS returns.
type loginGrounds struct {
	Out      []string `json:"out"`
	In       []string `json:"in"`
	Password int      `json:"password"`
}

// judge turns what the page showed into a Login.
func (g loginGrounds) judge() Login {
	l := Login{State: LoginUnknown}
	for _, t := range first(g.Out, 3) {
		l.Grounds = append(l.Grounds, `log-out control "`+t+`"`)
	}
	for _, t := range first(g.In, 3) {
		l.Grounds = append(l.Grounds, `log-in control "`+t+`"`)
	}
	if g.Password > 0 {
		l.Grounds = append(l.Grounds, "password field")
	}
	switch {
	case len(g.Out) > 0:
		l.State = LoggedIn
	case len(g.In) > 0 || g.Password > 0:
		l.State = LoggedOut
	}
	return l
}

func first(s []string, n int) []string {
	return s[:min(n, len(s))]
}
