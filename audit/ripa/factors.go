package ripa

import (
	"fmt"
	"strings"
	"time"
)

// Factors is the checklist of the Code of Practice's factors for online
// research (DESIGN.md §6), ticked by the researcher who records a
// justification. FactorList gives each one's key, label and question.
type Factors struct {
	DirectedAtIndividual bool `json:"directed_at_individual"`
	PrivateInformation   bool `json:"private_information"`
	BuildsProfile        bool `json:"builds_profile"`
	RecordedAndRetained  bool `json:"recorded_and_retained"`
	PatternOfLifestyle   bool `json:"pattern_of_lifestyle"`
	CombinedWithOther    bool `json:"combined_with_other"`
	RepeatedViewing      bool `json:"repeated_viewing"`
	ThirdParties         bool `json:"third_parties"`
}

// Factor describes one factor for the UI and the PDF report.
type Factor struct {
	Key      string // as in Factors' JSON
	Label    string // short, for a checkbox
	Question string // the question the researcher answers
}

// FactorList returns the factors in the Code's order, in a new slice.
func FactorList() []Factor {
	return []Factor{
		{"directed_at_individual", "Directed at an individual or organisation",
			"Is the research directed towards an individual or an organisation?"},
		{"private_information", "Likely to obtain private information",
			"Is it likely to result in obtaining private information about a person or group of people?"},
		{"builds_profile", "Builds an intelligence picture or profile",
			"Is it likely to involve visiting sites to build up an intelligence picture or profile?"},
		{"recorded_and_retained", "Recorded and retained",
			"Will the information obtained be recorded and retained?"},
		{"pattern_of_lifestyle", "Shows a pattern of lifestyle",
			"Is the information likely to provide an observer with a pattern of lifestyle?"},
		{"combined_with_other", "Combined with other information",
			"Is the information being combined with other sources of information or intelligence about a person's private life?"},
		{"repeated_viewing", "Part of ongoing repeated viewing",
			"Is the research part of an ongoing piece of work involving repeated viewing of the subject?"},
		{"third_parties", "Records third parties (collateral intrusion)",
			"Is it likely to involve identifying and recording information about third parties, such as friends and family of the subject?"},
	}
}

// field returns the flag for key, or nil for an unknown key.
func (f *Factors) field(key string) *bool {
	switch key {
	case "directed_at_individual":
		return &f.DirectedAtIndividual
	case "private_information":
		return &f.PrivateInformation
	case "builds_profile":
		return &f.BuildsProfile
	case "recorded_and_retained":
		return &f.RecordedAndRetained
	case "pattern_of_lifestyle":
		return &f.PatternOfLifestyle
	case "combined_with_other":
		return &f.CombinedWithOther
	case "repeated_viewing":
		return &f.RepeatedViewing
	case "third_parties":
		return &f.ThirdParties
	}
	return nil
}

// Set ticks or unticks the factor with key.
func (f *Factors) Set(key string, on bool) error {
	b := f.field(key)
	if b == nil {
		return fmt.Errorf("set factor: unknown factor %q", key)
	}
	*b = on
	return nil
}

// Checked returns the factors ticked, in the Code's order.
func (f Factors) Checked() []Factor {
	var out []Factor
	for _, x := range FactorList() {
		if *f.field(x.Key) {
			out = append(out, x)
		}
	}
	return out
}

// Justification is what a researcher records when Check asks and no
// authorisation is linked: the factors considered and why the viewing may
// go on. Every justification is flagged for review (FlagJustification).
type Justification struct {
	Subject string // subject id
	Officer string
	Time    time.Time
	Factors Factors
	Text    string // the researcher's reasons; required
}

// MaxJustificationText bounds Justification.Text, in bytes.
const MaxJustificationText = 20000

// Validate checks that j names its subject, officer and time and gives
// its reasons in free text. No factor needs to be ticked: "none applies"
// is an answer, and the text must say why.
func (j Justification) Validate() error {
	var problems []string
	if strings.TrimSpace(j.Subject) == "" {
		problems = append(problems, "no subject")
	}
	if strings.TrimSpace(j.Officer) == "" {
		problems = append(problems, "no officer")
	}
	if j.Time.IsZero() {
		problems = append(problems, "no time")
	}
	if strings.TrimSpace(j.Text) == "" {
		problems = append(problems, "no reasons given in the text")
	} else if len(j.Text) > MaxJustificationText {
		problems = append(problems, fmt.Sprintf("text longer than %d bytes", MaxJustificationText))
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid justification: %s", strings.Join(problems, "; "))
	}
	return nil
}
