package bundle

import (
	"archive/zip"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

// Write writes a bundle to w: the files in the given order (Store for
// already-compressed data such as .png, .gz and .pdf, Deflate for the
// rest), then datapackage.json listing each file with its SHA-256 and size,
// then datapackage-digest.json with the SHA-256 of datapackage.json signed
// by signer. It returns the bundle id, "sha256:<hex>" of datapackage.json.
//
// meta.Created is required; times are written as RFC 3339 UTC with
// milliseconds. File paths must be clean relative slash paths, unique, and
// not datapackage.json or datapackage-digest.json.
func Write(w io.Writer, files []File, meta Meta, signer Signer) (id string, err error) {
	id, err = write(w, files, meta, signer)
	if err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	return id, nil
}

func write(w io.Writer, files []File, meta Meta, signer Signer) (string, error) {
	if err := checkFiles(files); err != nil {
		return "", err
	}
	if err := checkMeta(meta); err != nil {
		return "", err
	}
	if signer == nil {
		return "", errors.New("no signer")
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := addEntry(zw, f.Path, f.Data, meta.Created); err != nil {
			return "", fmt.Errorf("add %s: %w", f.Path, err)
		}
	}
	dp, err := encodeJSON(newDatapackage(files, meta))
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", DatapackageName, err)
	}
	id := hashOf(dp)
	digest, err := newDigest(id, meta, signer)
	if err != nil {
		return "", err
	}
	if err := addEntry(zw, DatapackageName, dp, meta.Created); err != nil {
		return "", fmt.Errorf("add %s: %w", DatapackageName, err)
	}
	if err := addEntry(zw, DigestName, digest, meta.Created); err != nil {
		return "", fmt.Errorf("add %s: %w", DigestName, err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("finish zip: %w", err)
	}
	return id, nil
}

// newDigest signs id and encodes datapackage-digest.json.
func newDigest(id string, meta Meta, signer Signer) ([]byte, error) {
	sig, err := signer.Sign(id)
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", id, err)
	}
	data, err := encodeJSON(digestFile{
		Path: DatapackageName,
		Hash: id,
		SignedData: signedData{
			Hash:      id,
			Created:   formatTime(meta.Created),
			Software:  meta.Software,
			Signature: sig,
			PublicKey: base64.StdEncoding.EncodeToString(signer.PublicKeyDER()),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", DigestName, err)
	}
	return data, nil
}

// addEntry writes one ZIP entry. Stored entries carry their CRC and sizes
// in the local header (no data descriptor), so readers that stream or seek
// straight to an entry, as WACZ readers do, find its end.
func addEntry(zw *zip.Writer, name string, data []byte, modified time.Time) error {
	hdr := &zip.FileHeader{Name: name, Method: methodFor(name), Modified: modified.UTC()}
	hdr.SetMode(0o644)
	var ew io.Writer
	var err error
	if hdr.Method == zip.Store {
		setRawHeader(hdr, data)
		ew, err = zw.CreateRaw(hdr)
	} else {
		ew, err = zw.CreateHeader(hdr)
	}
	if err != nil {
		return err
	}
	_, err = ew.Write(data)
	return err
}

// setRawHeader fills in what zip.Writer.CreateHeader would and CreateRaw
// does not: sizes, CRC-32, versions, and the modification time as MS-DOS
// fields plus an Info-ZIP extended timestamp (extra field 0x5455).
func setRawHeader(hdr *zip.FileHeader, data []byte) {
	hdr.CRC32 = crc32.ChecksumIEEE(data)
	hdr.CompressedSize64 = uint64(len(data))
	hdr.UncompressedSize64 = uint64(len(data))
	hdr.CreatorVersion = hdr.CreatorVersion&0xff00 | 20
	hdr.ReaderVersion = 20
	t := hdr.Modified
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	hdr.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	hdr.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	var extra [9]byte
	binary.LittleEndian.PutUint16(extra[0:], 0x5455) // extended timestamp
	binary.LittleEndian.PutUint16(extra[2:], 5)      // size of what follows
	extra[4] = 1                                     // flags: modification time
	binary.LittleEndian.PutUint32(extra[5:], uint32(hdr.Modified.Unix()))
	hdr.Extra = append(hdr.Extra, extra[:]...)
}
