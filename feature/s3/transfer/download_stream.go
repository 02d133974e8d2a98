package transfer

import (
	"context"
	"errors"
	"io"
	"sync"
)

// DownloadStream returns the object's content, or the bytes of
// [DownloadInput.Range], as a stream. Up to
// [Options.Concurrency] parts are fetched ahead in parallel, each into a
// buffer of [Options.PartSize] (the uploaded part size with
// [Options.DownloadByPart]), and handed out in order, so memory is
// bounded by Concurrency × part size whatever the object's size. The
// caller must Close the stream; Close stops the fetches and waits for
// them. Reads return an [*ObjectChangedError] if the object changes and a
// [*PartError] if a part fails (wrapping a [*RangeMismatchError] when a
// response is not the bytes asked for); the Read that reaches the end
// returns a [*ChecksumMismatchError] instead of io.EOF when the data does
// not match the object's full-object checksum. A part larger than a
// buffer can be on this platform (2 GiB on 32-bit ones) fails with
// [ErrPartTooLarge] before any GET, or with [Options.DownloadByPart] once
// the first part's GET tells the part size.
func (m *Manager) DownloadStream(ctx context.Context, in *DownloadInput, optFns ...func(*Options)) (io.ReadCloser, error) {
	d, err := m.newDownloader(in, "DownloadStream", optFns)
	if err != nil {
		return nil, err
	}
	o := d.o
	if !o.DownloadByPart || d.rng.set {
		if err := m.buffers.check(o.PartSize); err != nil {
			return nil, err
		}
	}
	ctx = d.e.start(ctx, "DownloadStream")
	first, err := d.start(ctx)
	if err != nil {
		d.e.finish(-1, err)
		return nil, err
	}
	if err := m.buffers.check(d.partSize); err != nil { // the uploaded part size
		if first != nil {
			first.body.Close()
		}
		d.e.finish(-1, err)
		return nil, err
	}
	d.e.emit(Event{Type: ObjectStarted, Size: d.length()})
	ctx, cancel := context.WithCancelCause(ctx)
	s := &stream{d: d, ctx: ctx, cancel: cancel,
		slots: make(chan struct{}, o.Concurrency),
		queue: make(chan *streamPart, o.Concurrency)}
	s.wg.Add(1)
	go s.produce(first)
	return s, nil
}

var errStreamClosed = errors.New("transfer: download stream closed")

type stream struct {
	d      *downloader
	ctx    context.Context
	cancel context.CancelCauseFunc
	slots  chan struct{}    // one per part buffer in use
	queue  chan *streamPart // parts in object order
	wg     sync.WaitGroup

	prodErr error // set by produce before it closes queue

	cur       *streamPart
	pos       int
	err       error
	closeOnce sync.Once
}

type streamPart struct {
	buf  *[]byte
	n    int
	done chan struct{}
	err  error
}

// produce starts one fetch per part, in order, each after a slot frees.
func (s *stream) produce(first *firstPart) {
	defer s.wg.Done()
	defer close(s.queue)
	for i := range s.d.count {
		num := int32(i + 1)
		select {
		case s.slots <- struct{}{}:
		case <-s.ctx.Done():
			if first != nil {
				first.body.Close()
			}
			s.prodErr = context.Cause(s.ctx)
			return
		}
		start, end := s.d.bounds(num)
		p := &streamPart{buf: s.d.m.buffers.get(s.d.partSize), n: int(end - start + 1), done: make(chan struct{})}
		s.queue <- p
		fp := first
		first = nil
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer close(p.done)
			p.err = s.d.fetch(s.ctx, s.cancel, num, fp, bufferAt(*p.buf), start)
		}()
	}
}

func (s *stream) Read(b []byte) (int, error) {
	for {
		if s.err != nil {
			return 0, s.err
		}
		if s.cur != nil && s.pos < s.cur.n {
			n := copy(b, (*s.cur.buf)[s.pos:s.cur.n])
			s.pos += n
			return n, nil
		}
		s.releaseCur()
		p, ok := <-s.queue
		if !ok {
			s.err = io.EOF
			if s.prodErr != nil {
				s.err = s.prodErr
			} else {
				// Every part was read and its CRC recorded.
				err := s.d.checkFull()
				if err != nil {
					s.err = err
				}
				s.d.e.emit(Event{Type: ObjectDone, Size: s.d.length(), Err: err})
			}
			return 0, s.err
		}
		<-p.done
		s.cur, s.pos = p, 0
		if p.err != nil {
			s.err = p.err
			s.d.e.emit(Event{Type: ObjectDone, Size: s.d.length(), Err: p.err})
		}
	}
}

func (s *stream) releaseCur() {
	if s.cur != nil {
		s.d.m.buffers.put(s.cur.buf)
		s.cur = nil
		<-s.slots
	}
}

// Close stops the download and waits for its goroutines. It always
// returns nil.
func (s *stream) Close() error {
	s.closeOnce.Do(func() {
		s.cancel(errStreamClosed)
		s.releaseCur()
		for p := range s.queue {
			<-p.done
			s.d.m.buffers.put(p.buf)
			<-s.slots
		}
		s.wg.Wait()
		if s.err == nil {
			s.err = errStreamClosed
		}
		// A stream closed before its end: the span ends here, with the
		// reason (ObjectDone ended it otherwise).
		s.d.e.finish(s.d.length(), s.err)
	})
	return nil
}

// bufferAt is an io.WriterAt over a part buffer.
type bufferAt []byte

func (b bufferAt) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > int64(len(b)) {
		return 0, errors.New("transfer: write outside the part buffer")
	}
	return copy(b[off:], p), nil
}
