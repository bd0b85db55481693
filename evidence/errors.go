package evidence

import "fmt"

// TooLargeError reports an entry of a bundle or pack (datapackage.json,
// manifest.json, …) longer than a verifier reads of it, such as a ZIP
// bomb: it is not parsed.
type TooLargeError struct {
	File string
	Max  int64 // bytes read at most
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %d bytes, the most a verifier reads of it", e.File, e.Max)
}

// UnsafeEntryError reports a ZIP entry a program extracting the bundle or
// pack could be led by to write outside its directory or follow a link:
// an empty or absolute name, a name with "../" or a backslash, or a
// symbolic link or other special file. Sightline never extracts, but a
// file that verifies is handed on.
type UnsafeEntryError struct {
	File   string
	Reason string // e.g. "a path outside the archive", "a symbolic link"
}

func (e *UnsafeEntryError) Error() string {
	return fmt.Sprintf("%s: unsafe entry: %s", e.File, e.Reason)
}
