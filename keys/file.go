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
	info, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &KeyMissingError{Store: StoreFile, Location: name}
	}
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s has mode %04o, want 0600", name, info.Mode().Perm())
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	k, err := decodePrivate(data, StoreFile)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", name, err)
	}
	return k, nil
}
