package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// createFile generates a key and writes it to the key file. The file is
// created whole (temporary file, fsync, hard link) and never overwritten: if
// another process created it first, that key is loaded instead.
func (p place) createFile() (*Key, error) {
	k, err := newKey(StoreFile)
	if err != nil {
		return nil, err
	}
	data, err := k.encodePrivate()
	if err != nil {
		return nil, err
	}
	err = atomicfile.WriteFile(p.keyFile(), data, 0o600, false)
	if errors.Is(err, fs.ErrExist) {
		return p.loadFile()
	}
	if err != nil {
		return nil, fmt.Errorf("write key file: %w", err)
	}
	return k, nil
}

func (p place) loadFile() (*Key, error) {
	name := p.keyFile()
	data, err := readPrivate(name, "key file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &KeyMissingError{Store: StoreFile, Location: name}
	}
	if err != nil {
		return nil, err
	}
	k, err := decodePrivate(data, StoreFile)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", name, err)
	}
	return k, nil
}

// readPrivate reads the file at path, which only its owner may read or
// write (mode 0600 or stricter); what names it in errors. A missing file
// is fs.ErrNotExist.
func readPrivate(path, what string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s %s has mode %04o, want 0600", what, path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return data, nil
}
