package evidence

// Check is one finding of a verification: one named check about one file
// (File; for a bundle inside a pack, File is the bundle and Entry the file
// inside it). Each verifier lists the names it uses (bundle.Verify,
// pack.Verify).
type Check struct {
	Name  string
	File  string
	Entry string
	OK    bool
	Err   error // why it failed; nil when OK
}

// Path names what the check is about: File, or File/Entry.
func (c Check) Path() string {
	if c.Entry == "" {
		return c.File
	}
	return c.File + "/" + c.Entry
}

// Verification is the outcome of verifying one bundle or pack: every check,
// not only the first that failed.
type Verification struct {
	Path        string
	ID          string // "sha256:<hex>" of datapackage.json (a bundle) or manifest.json (a pack), as found
	Fingerprint string // "sha256:<hex>" of the signing public key found; "" if unreadable
	Checks      []Check
}

// OK reports whether there were checks and all passed. It does not say
// whose key signed: compare Fingerprint with the workstation key obtained
// out of band.
func (v Verification) OK() bool {
	return len(v.Checks) > 0 && len(v.Failed()) == 0
}

// Failed returns the checks that failed, in order.
func (v Verification) Failed() []Check {
	var failed []Check
	for _, c := range v.Checks {
		if !c.OK {
			failed = append(failed, c)
		}
	}
	return failed
}

// Result records the check name about file: passed when err is nil, else
// failed with err.
func (v *Verification) Result(name, file string, err error) {
	v.Checks = append(v.Checks, Check{Name: name, File: file, OK: err == nil, Err: err})
}
