package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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
	err = createExclusive(p.keyFile(), data)
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

// writeTemp writes data to a new 0600 file in dir, fsyncs and closes it,
// and returns its name.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// createExclusive makes name hold data, atomically, failing with an error
// matching fs.ErrExist if name already exists.
func createExclusive(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, name); err != nil {
		return err
	}
	return syncDir(dir)
}

// replaceFile makes name hold data, atomically, replacing any old content.
func replaceFile(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for fsync there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
