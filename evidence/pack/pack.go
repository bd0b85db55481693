package pack

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/report"
)

// Names fixed by the format (evidence/FORMAT.md, "Evidence pack").
const (
	Format        = "sightline-evidence-pack/1"
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
	SumsName      = "SHA256SUMS"
	PublicKeyName = "public-key.pem"
	ReportName    = "report.pdf"
	AuditName     = "audit.jsonl"
	VerifyName    = "VERIFY.txt"
	BundleDir     = "bundles/"
)

// Signer signs the pack id; *keys.Key implements it, as it does for bundles.
type Signer = bundle.Signer

// Progress hears how far [Write] has got: stages "bundles", "report",
// "audit", "manifest", and bytes of bundles copied. Nil means none.
type Progress interface {
	Stage(name string)
	Add(done, total int64)
}

// Pack is what goes into an evidence pack.
type Pack struct {
	Case           string
	CaseTitle      string
	Classification string // e.g. "OFFICIAL-SENSITIVE", on every report page
	Officer        string // id of the officer who exports
	OfficerName    string
	Created        time.Time // required
	Software       string    // e.g. "Sightline 0.1.0"
	Exhibits       []Exhibit
	Audit          Extract
	// Printer typesets report.pdf (report.Write); required.
	Printer report.Printer
}

// Exhibit is one capture to put in the pack.
type Exhibit struct {
	Ref       string // "JS/1"; see [Ref]
	CaptureID string
	// Bundle is the sealed bundle's path on disk. It is copied byte for
	// byte; when SHA256 is set the copy must hash to it, so a bundle
	// changed since it was sealed is refused with a [*BundleChangedError].
	Bundle     string
	SHA256     string // hex SHA-256 of the bundle file as recorded
	PackageID  string // bundle id, "sha256:<hex>" of its datapackage.json
	Title      string
	URL        string
	FinalURL   string
	Started    time.Time
	Ended      time.Time
	Officer    string
	Persona    string
	Note       string
	Incomplete string // why the capture is incomplete; "" if complete
	Withdrawn  string // why it was withdrawn; "" if not
	Screenshot []byte // full-page PNG for the report
	// Timestamps are the RFC 3161 replies dating the bundle's identity,
	// on disk; the pack carries them as bundles/<ref>.<n>.tsr.
	Timestamps []string
}

// Extract is the audit extract: the events and where they sit in the
// workspace's chain.
type Extract struct {
	Genesis  string        // the workspace id, the prev_hash of seq 1
	HeadSeq  int64         // the workspace log's head when the extract was taken
	HeadHash string        // and its hash
	Status   string        // the chain's status for the report, e.g. "intact: ..."
	Events   []audit.Event // in ascending seq
}

// prefixPattern is what an exhibit prefix may be: it becomes part of file
// names and of SHA256SUMS lines.
var prefixPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,16}$`)

// CheckPrefix rejects an exhibit prefix that is not 1 to 16 ASCII letters
// or digits.
func CheckPrefix(prefix string) error {
	if !prefixPattern.MatchString(prefix) {
		return fmt.Errorf("exhibit prefix %q: want 1 to 16 letters or digits", prefix)
	}
	return nil
}

// Ref returns the n-th exhibit reference of prefix, counting from 1: "JS/1".
func Ref(prefix string, n int) string {
	return prefix + "/" + strconv.Itoa(n)
}

// BundleFile returns the path of an exhibit's bundle in the pack:
// "JS/1" gives "bundles/JS-1.wacz".
func BundleFile(ref string) string {
	return BundleDir + strings.ReplaceAll(ref, "/", "-") + ".wacz"
}

// TimestampFile is the path in a pack of the nth RFC 3161 reply of the
// exhibit ref: "bundles/JS-1.1.tsr".
func TimestampFile(ref string, n int) string {
	return strings.TrimSuffix(BundleFile(ref), ".wacz") + "." + strconv.Itoa(n) + ".tsr"
}

// ranks are titles that come before a name and are not initials.
var ranks = map[string]bool{
	"PC": true, "DC": true, "TDC": true, "PS": true, "DS": true, "SGT": true, "DI": true, "DCI": true,
	"INSP": true, "CI": true, "SUPT": true, "DSU": true, "DET": true, "MR": true, "MRS": true,
	"MS": true, "MISS": true, "MX": true, "DR": true,
}

// DefaultPrefix is the exhibit prefix made of an officer's initials, as
// exhibits are customarily marked ("DC Sam Patel" gives "SP"), leaving out
// ranks and titles; "EX" when the name gives none.
func DefaultPrefix(name string) string {
	var b strings.Builder
	for _, word := range strings.Fields(name) {
		if b.Len() == 0 && ranks[strings.ToUpper(strings.Trim(word, "."))] {
			continue
		}
		r := []rune(word)[0]
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	if b.Len() == 0 || CheckPrefix(b.String()) != nil {
		return "EX"
	}
	return b.String()
}
