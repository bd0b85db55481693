package pack

import (
	"bytes"
	_ "embed" // the VERIFY.txt templates
	"fmt"
	"path"
	"strings"
	"text/template"

	"github.com/sightline-osint/sightline/keys"
)

// verifyText is VERIFY.txt, written from evidence/FORMAT.md's "Evidence
// pack" section; reportVerifyText is the shorter "How to verify" of the
// PDF report, which points at VERIFY.txt for the commands.
var (
	//go:embed verify.txt.tmpl
	verifyText string
	//go:embed report-verify.txt.tmpl
	reportVerifyText string

	verifyTemplate       = template.Must(template.New(VerifyName).Parse(verifyText))
	reportVerifyTemplate = template.Must(template.New("report-verify").Parse(reportVerifyText))
)

// verifyData is what the templates fill in.
type verifyData struct {
	Case, CaseTitle, Classification string
	Created, Officer, OfficerName   string
	Software, KeyFingerprint        string
	Curve                           string // the signing key's, e.g. "P-384"
	Exhibits                        []Entry
	Example, ExampleFile            string // the first exhibit, for the bundle commands
	Timestamps                      []timestampLine
}

// timestampLine is one RFC 3161 reply for VERIFY.txt's openssl command.
type timestampLine struct {
	File, Bundle, Dir string // the reply, its bundle, where its datapackage.json is unzipped
}

func newVerifyData(p Pack, publicKeyDER []byte, exhibits []Entry) (verifyData, error) {
	curve, err := keys.CurveOf(publicKeyDER)
	if err != nil {
		return verifyData{}, fmt.Errorf("signing key: %w", err)
	}
	d := verifyData{
		Case: p.Case, CaseTitle: p.CaseTitle, Classification: p.Classification,
		Created: formatTime(p.Created), Officer: p.Officer, OfficerName: p.OfficerName,
		Software: p.Software, KeyFingerprint: keys.FingerprintOf(publicKeyDER), Curve: curve, Exhibits: exhibits,
	}
	if len(exhibits) > 0 {
		d.ExampleFile = exhibits[0].File
		d.Example = strings.TrimSuffix(path.Base(d.ExampleFile), ".wacz")
	}
	for _, e := range exhibits {
		for _, f := range e.Timestamps {
			d.Timestamps = append(d.Timestamps, timestampLine{File: f.Path, Bundle: e.File,
				Dir: "../" + strings.TrimSuffix(path.Base(e.File), ".wacz") + ".dp"})
		}
	}
	return d, nil
}

// renderVerify returns VERIFY.txt for the pack.
func renderVerify(d verifyData) ([]byte, error) {
	var buf bytes.Buffer
	if err := verifyTemplate.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("write %s: %w", VerifyName, err)
	}
	return buf.Bytes(), nil
}

// renderReportVerify returns the report's "How to verify" text.
func renderReportVerify(d verifyData) (string, error) {
	var buf strings.Builder
	if err := reportVerifyTemplate.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("write report verification text: %w", err)
	}
	return buf.String(), nil
}
