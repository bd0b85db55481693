package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"
)

// Berkeley checks the bundle at path for what the Berkeley Protocol asks
// of a web capture beside its URL: its HTML source (DOMName, not empty) and
// a dated full-page screenshot (ScreenshotName, a PNG, with the capture's
// start time in MetadataName's page.start). It returns the screenshot (nil
// when it is not a PNG) and what is missing, in those words; the error is
// for a bundle that cannot be read.
func Berkeley(path string) (screenshot []byte, missing []string, err error) {
	dom, err := optionalFile(path, DOMName)
	if err != nil {
		return nil, nil, err
	}
	if len(bytes.TrimSpace(dom)) == 0 {
		missing = append(missing, "HTML source ("+DOMName+")")
	}
	shot, err := optionalFile(path, ScreenshotName)
	if err != nil {
		return nil, nil, err
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG\r\n\x1a\n")) {
		missing = append(missing, "full-page screenshot ("+ScreenshotName+")")
		shot = nil
	}
	meta, err := optionalFile(path, MetadataName)
	if err != nil {
		return nil, nil, err
	}
	var m struct {
		Page struct {
			Start time.Time `json:"start"`
		} `json:"page"`
	}
	if json.Unmarshal(meta, &m) != nil || m.Page.Start.IsZero() {
		missing = append(missing, "date of the screenshot (page.start in "+MetadataName+")")
	}
	return shot, missing, nil
}

// optionalFile reads an entry of the bundle; one the bundle lacks is empty.
func optionalFile(path, name string) ([]byte, error) {
	data, err := ReadFile(path, name)
	var absent *MissingFileError
	if errors.As(err, &absent) {
		return nil, nil
	}
	return data, err
}
