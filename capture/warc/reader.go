package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/sightline-osint/sightline/internal/stream"
)

// DefaultMaxBlock is the largest record block a Reader accepts unless told
// otherwise: a bound on memory for a damaged or hostile file.
const DefaultMaxBlock = 4 << 30

// Reader reads back a WARC file that Writer wrote: gzip members of one
// record each (FORMAT.md §2). It checks the structure and the header
// fields but not the digests; call Record.CheckDigests for those.
type Reader struct {
	// MaxBlock is the largest Content-Length accepted; NewReader sets
	// DefaultMaxBlock.
	MaxBlock int64

	cr     stream.ReadCounter
	src    *bufio.Reader
	zr     Gunzipper
	body   *bufio.Reader
	offset int64
	length int64
	err    error
}

// Gunzipper decompresses one gzip member at a time, as compress/gzip's
// Reader does after Multistream(false); Reset starts the next member.
type Gunzipper interface {
	io.Reader
	Reset(r io.Reader) error
	Multistream(ok bool)
}

// NewReader returns a Reader of the WARC file r, positioned at its start,
// that decompresses with compress/gzip.
func NewReader(r io.Reader) *Reader { return NewReaderGunzip(r, new(gzip.Reader)) }

// NewReaderGunzip is NewReader with another gzip implementation, such as a
// faster one for a verifier of large files; zr is Reset before each record.
func NewReaderGunzip(r io.Reader, zr Gunzipper) *Reader {
	rd := &Reader{MaxBlock: DefaultMaxBlock, cr: stream.ReadCounter{R: r}, zr: zr}
	rd.src = bufio.NewReaderSize(&rd.cr, 256<<10) // few large reads: the source may be a file read by pread
	return rd
}

// Member returns where the gzip member of the record last returned by Next
// starts in the file, and its compressed length.
func (r *Reader) Member() (offset, length int64) { return r.offset, r.length }

// Next reads the next record. It returns io.EOF after the last one, and an
// error (the same on every later call) for anything that is not a record
// as Sightline writes it.
func (r *Reader) Next() (*Record, error) { return r.next(false) }

// NextChecked is Next for a verifier that needs only the digests: it
// checks them as [Record.CheckDigests] does while it reads the block,
// without holding the block in memory, so the record it returns has no
// Block. A record whose digests are wrong is returned with the error
// CheckDigests would give, and the next call reads on.
func (r *Reader) NextChecked() (*Record, error) { return r.next(true) }

func (r *Reader) next(stream bool) (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	start := r.cr.N - int64(r.src.Buffered())
	if _, err := r.src.Peek(1); err == io.EOF {
		r.err = io.EOF
		return nil, io.EOF
	}
	rec, err := r.member(stream)
	var mismatch error // NextChecked's finding, not a reading error
	if errors.As(err, new(*DigestMismatchError)) {
		mismatch, err = err, nil
	}
	if err != nil {
		r.err = fmt.Errorf("read warc record at offset %d: %w", start, err)
		return nil, r.err
	}
	r.offset = start
	r.length = r.cr.N - int64(r.src.Buffered()) - start
	return rec, mismatch
}

// member reads one gzip member holding exactly one record. With stream,
// the block is not kept: its digests are checked as it is read.
func (r *Reader) member(stream bool) (*Record, error) {
	if err := r.zr.Reset(r.src); err != nil {
		return nil, fmt.Errorf("not a gzip member: %w", err)
	}
	r.zr.Multistream(false)
	if r.body == nil {
		r.body = bufio.NewReader(r.zr)
	} else {
		r.body.Reset(r.zr)
	}
	rec, length, err := readHeader(r.body)
	if err != nil {
		return nil, err
	}
	if length > r.MaxBlock {
		return nil, fmt.Errorf("record %s: Content-Length %d above the limit %d", rec.ID, length, r.MaxBlock)
	}
	var blockDigest, payloadDigest string
	if stream {
		blockDigest, payloadDigest, err = rec.streamDigests(io.LimitReader(r.body, length), length)
	} else {
		rec.Block, err = io.ReadAll(io.LimitReader(r.body, length))
		if err == nil && int64(len(rec.Block)) != length {
			err = io.ErrUnexpectedEOF
		}
	}
	if err != nil {
		return nil, fmt.Errorf("record %s: block: %w", rec.ID, err)
	}
	var end [4]byte
	if _, err := io.ReadFull(r.body, end[:]); err != nil || string(end[:]) != "\r\n\r\n" {
		return nil, fmt.Errorf("record %s: block not followed by CRLF CRLF", rec.ID)
	}
	if _, err := r.body.ReadByte(); err != io.EOF {
		if err == nil {
			err = errors.New("more than one record in the gzip member")
		}
		return nil, fmt.Errorf("record %s: %w", rec.ID, err)
	}
	if stream {
		return rec, rec.compareDigests(blockDigest, payloadDigest)
	}
	rec.setPayloadOffset()
	return rec, nil
}

// readHeader reads the version line and header fields of a record.
func readHeader(br *bufio.Reader) (*Record, int64, error) {
	budget := maxHeaderBytes
	version, err := readLine(br, &budget)
	if err != nil {
		return nil, 0, fmt.Errorf("version line: %w", err)
	}
	if version != "WARC/1.1" {
		return nil, 0, fmt.Errorf("version %q, want WARC/1.1", version)
	}
	rec := &Record{}
	seen := map[string]string{}
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, 0, fmt.Errorf("header: %w", err)
		}
		if line == "" {
			break
		}
		name, value, err := splitHeaderLine(line)
		if err != nil {
			return nil, 0, fmt.Errorf("header: %w", err)
		}
		m, ok := managedName(name)
		if !ok {
			rec.Fields = append(rec.Fields, [2]string{name, value})
			continue
		}
		if _, dup := seen[m]; dup {
			return nil, 0, fmt.Errorf("header: %s repeated", m)
		}
		if value == "" {
			return nil, 0, fmt.Errorf("header: %s empty", m)
		}
		seen[m] = value
	}
	length, err := rec.setManaged(seen)
	return rec, length, err
}

// readLine reads one CRLF-terminated line, charging it to budget.
func readLine(br *bufio.Reader, budget *int) (string, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return "", errors.New("header section too long")
		}
		line = append(line, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		break
	}
	if len(line) < 2 || line[len(line)-2] != '\r' {
		return "", errors.New("line not ended by CRLF")
	}
	line = line[:len(line)-2]
	if bytes.IndexByte(line, '\r') >= 0 {
		return "", errors.New("stray CR in line")
	}
	return string(line), nil
}

// setManaged checks the fields Write manages and stores them in r. It
// returns the Content-Length.
func (r *Record) setManaged(f map[string]string) (int64, error) {
	for _, name := range []string{hType, hID, hDate, hBlockDigest, hLength} {
		if f[name] == "" {
			return 0, fmt.Errorf("header: %s missing", name)
		}
	}
	r.Type, r.ID, r.TargetURI = f[hType], f[hID], f[hTarget]
	r.ConcurrentTo, r.IPAddress, r.ContentType = f[hConcurrent], f[hIP], f[hContentType]
	r.BlockDigest, r.PayloadDigest = f[hBlockDigest], f[hPayloadDigest]
	if !knownType(r.Type) {
		return 0, fmt.Errorf("record type %q not one Sightline writes", r.Type)
	}
	if err := checkID(r.ID); err != nil {
		return 0, fmt.Errorf("WARC-Record-ID: %w", err)
	}
	date, err := time.Parse(dateLayout, f[hDate])
	if err != nil || date.Format(dateLayout) != f[hDate] {
		return 0, fmt.Errorf("record %s: WARC-Date %q not in the form %s", r.ID, f[hDate], dateLayout)
	}
	r.Date = date
	if err := r.checkHeaderValues(); err != nil {
		return 0, fmt.Errorf("record %s: %w", r.ID, err)
	}
	length, err := parseLength(f[hLength])
	if err != nil {
		return 0, fmt.Errorf("record %s: Content-Length: %w", r.ID, err)
	}
	return length, nil
}

// checkHeaderValues validates the optional managed fields as read.
func (r *Record) checkHeaderValues() error {
	if err := checkURIValue(r.TargetURI); err != nil {
		return fmt.Errorf("WARC-Target-URI: %w", err)
	}
	if r.ConcurrentTo != "" {
		if err := checkID(r.ConcurrentTo); err != nil {
			return fmt.Errorf("WARC-Concurrent-To: %w", err)
		}
	}
	if r.IPAddress != "" {
		if _, err := netip.ParseAddr(r.IPAddress); err != nil {
			return fmt.Errorf("WARC-IP-Address: %w", err)
		}
	}
	if isHTTP(r.Type) && r.ContentType != httpContentType(r.Type) {
		return fmt.Errorf("%s record with Content-Type %q", r.Type, r.ContentType)
	}
	if !isDigest(r.BlockDigest) {
		return fmt.Errorf("WARC-Block-Digest %q is not sha256:<hex>", r.BlockDigest)
	}
	if r.PayloadDigest != "" && (!hasPayload(r.Type) || !isDigest(r.PayloadDigest)) {
		return fmt.Errorf("WARC-Payload-Digest %q not allowed on a %s record", r.PayloadDigest, r.Type)
	}
	return nil
}

// setPayloadOffset derives PayloadOffset from the block as read: -1 when
// there is no payload digest, else where the payload starts (-1 if an HTTP
// block has no end of head, which CheckDigests then reports).
func (r *Record) setPayloadOffset() {
	r.PayloadOffset = -1
	if r.PayloadDigest == "" {
		return
	}
	if r.Type == TypeResource {
		r.PayloadOffset = 0
		return
	}
	if end := bytes.Index(r.Block, []byte("\r\n\r\n")); end >= 0 {
		r.PayloadOffset = end + 4
	}
}
